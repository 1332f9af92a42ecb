package dev.lucent.audit.web.security;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PreLoginLimitsTest {

    @Test
    void theRateCountsOnlyAfterTheFirstSecond() {
        long second = 1_000_000_000L;
        assertFalse(PreLoginLimits.tooSlow(1, second), "one byte in the first second is fine");
        assertTrue(PreLoginLimits.tooSlow(2, 20 * second), "two bytes in 20 s is a drip");
        assertFalse(PreLoginLimits.tooSlow(PreLoginLimits.MIN_BYTES_PER_SECOND * 3, 3 * second));
        assertTrue(PreLoginLimits.tooSlow(PreLoginLimits.MIN_BYTES_PER_SECOND * 3 - 1, 3 * second));
    }

    @Test
    void placesAreBoundedInAllAndPerClientAndComeBack() {
        PreLoginLimits limits = new PreLoginLimits(3, 2, System::nanoTime);
        PreLoginLimits.Slot a1 = limits.admit("a");
        PreLoginLimits.Slot a2 = limits.admit("a");
        assertNotNull(a1);
        assertNotNull(a2);
        assertNull(limits.admit("a"), "a third from one client");
        PreLoginLimits.Slot b1 = limits.admit("b");
        assertNotNull(b1);
        assertNull(limits.admit("c"), "all places taken");
        a1.close();
        a1.close(); // closing twice gives back one place only
        assertNotNull(limits.admit("c"));
        assertNull(limits.admit("d"));
        a2.close();
        assertNotNull(limits.admit("a"));
    }

    @Test
    void formsAreParsedLikeAContainerDoes() {
        var m = PreLoginLimits.parseForm("username=ad%20min&password=a%2Bb+c&_csrf=t&x&bad=%zz&username=2");
        assertArrayEquals(new String[] {"ad min", "2"}, m.get("username"));
        assertArrayEquals(new String[] {"a+b c"}, m.get("password"));
        assertArrayEquals(new String[] {""}, m.get("x"));
        assertNull(m.get("bad"));
    }
}
