package dev.steward.agent.identity;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Facts about this endpoint that the agent reports at enrollment and check-in. */
public final class Host {
    private Host() {
    }

    public static String name() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String env = System.getenv("HOSTNAME");
            return env == null ? "unknown" : env;
        }
    }

    public static String os() {
        return System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch");
    }
}
