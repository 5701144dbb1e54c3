package org.citadel.realmfs.core.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CopyrightLicensesTest {

    @Test
    void aMachineReadableFileGivesEveryLicenseShortNameOnceSorted() {
        String copyright = """
                Format: https://manuals.invalid/doc/packaging-manuals/copyright-format/1.0/
                Upstream-Name: example
                Source: https://example.invalid/src

                Files: *
                Copyright: 1999-2024 Someone
                License: GPL-2+
                 This program is free software; you can redistribute it
                 .
                 License: not-a-field, only text of the license

                Files: lib/*
                Copyright: 2001 Someone Else
                License: LGPL-2.1+ or BSD-3-clause

                Files: debian/*
                License: GPL-2+

                License: LGPL-2.1+
                 On Debian systems, the complete text is in /usr/share/common-licenses/LGPL-2.1.
                """;

        assertThat(CopyrightLicenses.of(copyright)).hasValueSatisfying(licenses ->
                assertThat(licenses).containsExactly("BSD-3-clause", "GPL-2+", "LGPL-2.1+"));
    }

    @Test
    void anExceptionStaysWithItsLicenseAndAndOrCommasSplitAnExpression() {
        String copyright = """
                Format: http://manuals.invalid/doc/packaging-manuals/copyright-format/1.0

                Files: *
                License: GPL-2+ with OpenSSL exception, MIT and Expat
                """;

        assertThat(CopyrightLicenses.of(copyright)).hasValueSatisfying(licenses ->
                assertThat(licenses).containsExactly("Expat", "GPL-2+ with OpenSSL exception", "MIT"));
    }

    @Test
    void theFormatIsToldByTheUriPathWhateverHostServesIt() {
        String copyright = """
                Format: https://mirror-of-the-manuals.invalid/some/where/copyright-format/1.0/

                Files: *
                License: Apache-2.0
                """;

        assertThat(CopyrightLicenses.of(copyright)).hasValueSatisfying(licenses ->
                assertThat(licenses).containsExactly("Apache-2.0"));
    }

    @Test
    void aFreeFormFileIsNotMachineReadable() {
        String copyright = """
                This is the Debian prepackaged version of example.

                Copyright: 1999 Someone
                License: GPL-2
                """;

        assertThat(CopyrightLicenses.of(copyright)).isEmpty();
    }

    @Test
    void anotherFormatOrAFormatLineNotInTheFirstParagraphIsNotMachineReadable() {
        assertThat(CopyrightLicenses.of("""
                Format: https://example.invalid/copyright-format/2.0/

                Files: *
                License: MIT
                """)).isEmpty();
        assertThat(CopyrightLicenses.of("""
                Upstream-Name: example

                Format: https://example.invalid/copyright-format/1.0/
                License: MIT
                """)).isEmpty();
        assertThat(CopyrightLicenses.of("")).isEmpty();
    }
}
