package dev.lucent.explain.fairness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lucent.explain.api.SensitiveAttribute;
import dev.lucent.explain.support.Subgroups;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The attribute list as users type it, its bins in the CSV's units, and the one-line refusals of bad lists. */
class SensitiveAttributeTest {

    @Test
    void commasSeparateAttributesAndContinueBins() {
        List<SensitiveAttribute> a = SensitiveAttribute.parseAll("sex, age:<40,40-65,>65 ; bmi:q4");
        assertEquals(List.of("sex", "age", "bmi"), a.stream().map(SensitiveAttribute::column).toList());
        assertTrue(a.get(0).byValue());
        assertEquals(List.of("<40", "40-65", ">65"), a.get(1).bins().stream().map(SensitiveAttribute.Bin::label).toList());
        assertEquals(4, a.get(2).quantiles());
        assertEquals("sex;age:<40,40-65,>65;bmi:q4", SensitiveAttribute.format(a));
        assertEquals(a, SensitiveAttribute.parseAll(SensitiveAttribute.format(a)));
    }

    @Test
    void binEdgesAreReadAsTyped() {
        SensitiveAttribute age = SensitiveAttribute.parseAll("age:<40,40-65,>65").get(0);
        SensitiveAttribute.Bin low = age.bins().get(0), mid = age.bins().get(1), high = age.bins().get(2);
        assertTrue(low.contains(39.9));
        assertFalse(low.contains(40));
        assertTrue(mid.contains(40) && mid.contains(65));
        assertFalse(high.contains(65));
        assertTrue(high.contains(65.01));
        Subgroups g = Subgroups.of(age, new double[] {20, 40, 65, 70, 41});
        assertEquals(List.of("age <40", "age 40-65", "age >65"), g.names());
        assertEquals(List.of(1, 3, 1), java.util.Arrays.stream(g.rows()).map(r -> r.length).toList());
    }

    @Test
    void overlappingBinsAndValuesOutsideAreSaid() {
        SensitiveAttribute overlap = SensitiveAttribute.parseAll("age:<=40,40-65").get(0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Subgroups.of(overlap, new double[] {40}));
        assertEquals("sensitive attribute age: the value 40 falls in two bins, <=40 and 40-65", e.getMessage());
        Subgroups outside = Subgroups.of(SensitiveAttribute.parseAll("age:40-65").get(0), new double[] {30, 50});
        assertEquals(List.of("age 40-65", "age outside the bins"), outside.names());
    }

    @Test
    void quantileGroupsSplitTheRowsEvenly() {
        double[] v = new double[100];
        for (int i = 0; i < 100; i++) v[i] = i;
        Subgroups q = Subgroups.of(SensitiveAttribute.parseAll("x:q4").get(0), v);
        assertEquals(List.of(25, 25, 25, 25), java.util.Arrays.stream(q.rows()).map(r -> r.length).toList());
        assertEquals("x <= 24.75 (q1)", q.names().get(0));
    }

    @Test
    void malformedListsAreRefusedNamingThePart() {
        assertEquals("sensitive attribute age: 'young' is neither bins (<40, 40-65, >65, or one value) nor quantiles (q4)",
                assertThrows(IllegalArgumentException.class, () -> SensitiveAttribute.parseAll("age:young")).getMessage());
        assertEquals("sensitive attribute age: quantile groups must number 2 to 10, got 1",
                assertThrows(IllegalArgumentException.class, () -> SensitiveAttribute.parseAll("age:q1")).getMessage());
        assertEquals("sensitive attributes 'sex,,age': an empty name between separators",
                assertThrows(IllegalArgumentException.class, () -> SensitiveAttribute.parseAll("sex,,age")).getMessage());
        assertEquals("sensitive attribute sex is named twice",
                assertThrows(IllegalArgumentException.class, () -> SensitiveAttribute.parseAll("sex;sex")).getMessage());
        assertEquals("bin 65-40 runs backwards (65 > 40)",
                assertThrows(IllegalArgumentException.class, () -> SensitiveAttribute.parseAll("age:65-40")).getMessage());
    }
}
