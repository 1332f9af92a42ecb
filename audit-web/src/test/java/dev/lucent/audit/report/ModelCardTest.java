package dev.lucent.audit.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class ModelCardTest {
    @Test
    void cardEscapesHostileNamesAndListsTheLargestAttributionsFirst() {
        String card = ModelCard.markdown(Reports.report(Reports.HOSTILE, 0, Instant.parse("2026-01-02T03:04:05Z")));
        assertFalse(card.contains("<"), "no raw HTML reaches a Markdown renderer");
        assertTrue(card.contains("&lt;script&gt;"));
        assertTrue(card.contains("\\[\\[\\$\\{T\\(java.lang.Runtime\\)"), "Markdown syntax escaped");
        assertTrue(card.contains("**Overall: failed.**"), "the fixture has an ERROR verdict");
        // fixture values are (-1)^i (i + 0.5) / 3: the largest |value| is the last feature (i = 7)
        int first = card.indexOf("1. ", card.indexOf("## What the model leans on"));
        assertTrue(card.startsWith("1. " + ModelCard.md(Reports.HOSTILE.get(7)) + ": -2.5", first), card.substring(first));
        assertEquals("a\\_b \\| c", ModelCard.md("a_b | c"));
    }
}
