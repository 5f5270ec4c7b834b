package vn.tthc;

/**
 * Where libtthc is loaded from: {@link Tthc#configure}; the system property
 * {@code tthc.library}; the environment variable {@code TTHC_LIB}; else
 * {@code tthc} through JNA's search ({@code jna.library.path}, then the
 * system's library directories). Kept apart from {@link Native}, whose
 * first use loads the library, so that configuring does not load it.
 */
final class Loader {
    private Loader() {}

    private static String configured;
    private static boolean claimed;

    static synchronized void configure(String library) {
        if (claimed) {
            throw new IllegalStateException("libtthc is already loaded; call Tthc.configure before the first call");
        }
        configured = library;
    }

    /** The library name or path to load, now and for the life of the JVM. */
    static synchronized String claim() {
        claimed = true;
        String name = configured != null ? configured : System.getProperty("tthc.library", System.getenv("TTHC_LIB"));
        return name == null || name.isEmpty() ? "tthc" : name;
    }
}
