package dev.lucent.audit.web;

import org.osgi.service.component.annotations.Component;

/** Serves this bundle's {@code static/} folder (style sheet, no scripts) through the HTTP whiteboard. */
@Component(service = StaticResources.class, property = {
        "osgi.http.whiteboard.resource.pattern=/static/*",
        "osgi.http.whiteboard.resource.prefix=/static"})
public final class StaticResources {
}
