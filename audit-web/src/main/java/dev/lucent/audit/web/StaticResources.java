package dev.lucent.audit.web;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

/** Serves this bundle's {@code static/} folder (style sheet, no scripts) through the HTTP whiteboard. */
@Component(configurationPolicy = ConfigurationPolicy.IGNORE, service = StaticResources.class, property = {
        "osgi.http.whiteboard.resource.pattern=/static/*",
        "osgi.http.whiteboard.resource.prefix=/static"})
public final class StaticResources {
}
