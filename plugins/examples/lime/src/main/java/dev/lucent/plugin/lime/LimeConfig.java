package dev.lucent.plugin.lime;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The plugin's defaults, as a component property type: Declarative Services hands them to the constructor. An
 * audit's parameters ({@code lime.samples = 2000}) override them; Lucent reads no configuration files.
 */
@ObjectClassDefinition(id = LimeExplainer.PID, name = "Lucent LIME plugin",
        description = "Defaults of the LIME explainer; an audit's parameters override them.")
@interface LimeConfig {

    @AttributeDefinition(description = "Perturbed samples per explained tabular row")
    int samples() default 1000;

    @AttributeDefinition(description = "Perturbed samples per explained image")
    int imageSamples() default 300;

    @AttributeDefinition(description = "Features (or superpixels) kept in the sparse local model")
    int topK() default 10;

    @AttributeDefinition(description = "Kernel width; 0 means LIME's default (0.75 sqrt(features) tabular, 0.25 images)")
    double kernelWidth() default 0;

    @AttributeDefinition(description = "Ridge penalty of the local linear fit")
    double ridge() default 1.0;

    @AttributeDefinition(description = "How many rows of the held-out split (else the training split) to explain")
    int rows() default 3;

    @AttributeDefinition(description = "Superpixels per image side (a regular grid)")
    int gridSide() default 8;
}
