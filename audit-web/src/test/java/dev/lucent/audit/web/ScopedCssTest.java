package dev.lucent.audit.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ScopedCssTest {

    @Test
    void everySelectorEndsUpUnderTheRoot() {
        String css = ".r{a:1}\n.r h1{b:2}\npre,footer{c:3}\n.badge.pass{d:4}.badge.fail{e:5}\n@media print{details.v{f:6}.scroll{g:7}}\n";
        assertEquals(".r{a:1}\n.r h1{b:2}\n.r pre,.r footer{c:3}\n.r .badge.pass{d:4}.r .badge.fail{e:5}\n"
                + "@media print{.r details.v{f:6}.r .scroll{g:7}}\n", ScopedCss.scope(css, ".r"));
    }
}
