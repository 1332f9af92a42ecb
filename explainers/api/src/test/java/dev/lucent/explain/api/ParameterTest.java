package dev.lucent.explain.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a declared parameter accepts and refuses, and that an explainer built against SPI 1.1 declares none. */
class ParameterTest {

    @Test
    void numbersAreHeldToTheirRangeAndRefusalsSayWhy() {
        Parameter recall = Parameter.number("required-recall", "0.95", 0, 1, "recall to reach");
        assertEquals(Optional.empty(), recall.problem(" 0.99 "));
        assertEquals(Optional.empty(), recall.problem("1"));
        assertEquals(Optional.of("must be a number from 0 to 1, got '1.5'"), recall.problem("1.5"));
        assertEquals(Optional.of("must be a number from 0 to 1, got 'NaN'"), recall.problem("NaN"));
        assertEquals(Optional.of("must be a number from 0 to 1, got 'high'"), recall.problem("high"));
        assertEquals("required-recall (number 0 to 1, default 0.95)", recall.described());

        Parameter steps = Parameter.whole("steps", "50", 1, "points");
        assertEquals("at least 1", steps.range());
        assertEquals(Optional.empty(), steps.problem("2147483647"));
        assertTrue(steps.problem("2147483648").isPresent(), "beyond what an explainer can read as an int");
        assertEquals(Optional.of("must be a whole number at least 1, got '2.5'"), steps.problem("2.5"));
        assertEquals(Optional.of("must be a whole number at least 1, got '0'"), steps.problem("0"));

        Parameter baseline = Parameter.choice("baseline", "zeros", List.of("zeros", "mean"), "start");
        assertEquals(Optional.empty(), baseline.problem("Mean"));
        assertEquals(Optional.of("must be one of zeros, mean, got 'blurry'"), baseline.problem("blurry"));

        Parameter layer = Parameter.text("layer", "the last convolutional layer", "layer");
        assertEquals(Optional.empty(), layer.problem("conv1"));
        assertEquals(Optional.of("must not be blank"), layer.problem("  "));
    }

    @Test
    void anExplainerOfTheOldSpiDeclaresNoneAndNamesAreDeclaredOnce() {
        ExplainerInfo old = new ExplainerInfo("old", "Old", "1.0.0", "f", "d", Set.of());
        assertEquals(List.of(), old.parameters());
        assertEquals(Optional.empty(), old.parameter("anything"));

        Parameter p = Parameter.whole("rows", "8", 1, "rows");
        assertEquals(Optional.of(p), new ExplainerInfo("x", "X", "1", "f", "d", Set.of(), List.of(p)).parameter("rows"));
        assertThrows(IllegalArgumentException.class, () -> new ExplainerInfo("x", "X", "1", "f", "d", Set.of(), List.of(p, p)));
        assertThrows(IllegalArgumentException.class, () -> Parameter.whole("two words", "1", 1, "m"));
        assertThrows(IllegalArgumentException.class, () -> Parameter.number("empty", "1", 2, 1, "m"));
    }
}
