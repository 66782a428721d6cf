package dev.steward.cli.role;

import dev.steward.cli.UserError;

/** HOST:PORT as typed after --listen; IPv6 hosts in brackets. */
record HostPort(String host, int port) {
    static HostPort parse(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new UserError("--listen expects HOST:PORT such as 127.0.0.1:8443, got '" + text + "'", 2);
        }
        String host = text.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(text.substring(colon + 1));
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return new HostPort(host, port);
        } catch (NumberFormatException e) {
            throw new UserError("--listen: the port must be a number 0-65535, got '" + text.substring(colon + 1) + "'", 2);
        }
    }
}
