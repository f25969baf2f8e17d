package caption.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code --version} of every command: the version Maven built, from {@code caption/version.properties}. */
public final class BuildVersion implements IVersionProvider {

    static final String RESOURCE = "/caption/version.properties";

    @Override
    public String[] getVersion() {
        return new String[] {"caption " + version()};
    }

    /** The project's version from the pom, or "unknown" outside a Maven build. */
    public static String version() {
        try (InputStream in = BuildVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
