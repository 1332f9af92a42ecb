package dev.lucent.audit.web;

import java.util.Locale;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.thymeleaf.TemplateEngine;
import org.thymeleaf.context.Context;

/**
 * Renders the console's Thymeleaf pages. Templates come from this bundle only ({@code templates/}); page
 * names are fixed by controllers, never chosen by a request.
 */
@Component(configurationPolicy = ConfigurationPolicy.IGNORE, service = Pages.class)
public final class Pages {

    private final TemplateEngine engine;

    public Pages() {
        engine = dev.lucent.audit.report.Templates.engine();
    }

    /** Renders a page with a model the controller has prepared. */
    public String render(String page, Map<String, Object> model) {
        Context context = new Context(Locale.ENGLISH);
        context.setVariables(model);
        return engine.process(page, context);
    }
}
