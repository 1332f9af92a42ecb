package dev.lucent.audit.report;

import java.util.Map;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.IExpressionContext;
import org.thymeleaf.linkbuilder.StandardLinkBuilder;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

/**
 * The one Thymeleaf set-up of this bundle, for the console's pages and the report's exports alike: templates from
 * this bundle only ({@code templates/}), HTML mode, cached; page names are fixed by code, never chosen by a request.
 */
public final class Templates {
    private Templates() {
    }

    /** A new engine (each owner keeps its own: no shared state between components). */
    public static TemplateEngine engine() {
        ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver(Templates.class.getClassLoader());
        resolver.setPrefix("templates/");
        resolver.setSuffix(".html");
        resolver.setTemplateMode(TemplateMode.HTML);
        resolver.setCharacterEncoding("UTF-8");
        resolver.setCacheable(true);
        TemplateEngine engine = new TemplateEngine();
        engine.setTemplateResolver(resolver);
        // the console is served at the root of its context: @{/path} links need no servlet context
        engine.setLinkBuilder(new StandardLinkBuilder() {
            @Override
            protected String computeContextPath(IExpressionContext context, String base, Map<String, Object> parameters) {
                return "";
            }
        });
        return engine;
    }
}
