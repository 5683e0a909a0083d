package dev.trustplane.simulator;

/** Fingerprints of the standard simulated roots (see SimulatedRootsTest). */
final class TestPins {
    static final String GENOA_ARK_SPKI_SHA256 = "2072f2c16e711af91a4156831106a4c573239ff157d421168a5a6b335072c0ad";
    static final String GENOA_ARK_CERT_SHA256 = "bd884070c730af150d0c64c04a118b27ac14532690fb4fce4bb5c0ff984c2592";
    static final String GENOA_ASK_CERT_SHA256 = "47601de4695caa6a0321fd42f5d23b5cc7b434b7653cf8f230264aa094c69f95";
    /** The VCEK of the default Genoa chip at TCB bl 10, tee 0, snp 23, ucode 84. */
    static final String GENOA_DEFAULT_VCEK_CERT_SHA256 = "7cda6a811f4e77aeada6eb5ab13626d74429f8da57be80c76206c86b7fb2ce45";

    private TestPins() {}
}
