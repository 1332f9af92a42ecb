package dev.lucent.plugin.kit;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: before a test class runs, starts a real OSGi framework (Apache Felix with Declarative
 * Services, without Configuration Admin, as in Lucent's host), with Lucent's SPI offered by the system bundle and the
 * plugin under test installed and started; test methods receive it as a {@link PluginUnderTest} parameter.
 *
 * <pre>{@code
 * @ExtendWith(LucentKit.class)
 * class MyExplainerTest {
 *     @Test
 *     void ranksFeatures(PluginUnderTest plugin) throws Exception {
 *         Explainer e = plugin.explainer("my-explainer");
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>The plugin under test is the bundle on the test class path that is a folder (your module's
 * {@code target/classes}, with the manifest bnd wrote there), or the jar or folder named by the system property
 * {@code lucent.kit.plugin}.
 */
public final class LucentKit implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(LucentKit.class);

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        context.getStore(NS).put(KitFramework.class, KitFramework.start());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        KitFramework f = context.getStore(NS).remove(KitFramework.class, KitFramework.class);
        if (f != null) f.close();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return parameter.getParameter().getType() == PluginUnderTest.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        KitFramework f = extension.getStore(NS).get(KitFramework.class, KitFramework.class);
        if (f == null) throw new ParameterResolutionException("the Lucent kit's framework is not running (use @ExtendWith(LucentKit.class) on the class)");
        return f.plugin();
    }
}
