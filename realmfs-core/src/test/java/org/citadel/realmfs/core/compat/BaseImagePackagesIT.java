package org.citadel.realmfs.core.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.citadel.realmfs.api.RealmfsBuild;
import org.citadel.realmfs.core.process.Command;
import org.citadel.realmfs.core.process.Spawner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.XZInputStream;

/** Every package the default image and the template name exists in trixie's main archive. */
class BaseImagePackagesIT {
    private static Set<String> trixiePackages;

    @BeforeAll
    static void readTrixiePackagesIndex() throws IOException, InterruptedException {
        URI index = URI.create(HostAptMirror.find() + "/").resolve(
                "dists/" + RealmfsBuild.DEFAULT_RELEASE + "/main/binary-" + hostArchitecture() + "/Packages.xz");
        HttpResponse<InputStream> response = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()
                .send(HttpRequest.newBuilder(index).build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).as("HTTP status of %s", index).isEqualTo(200);
        trixiePackages = new HashSet<>();
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(
                new XZInputStream(response.body()), StandardCharsets.UTF_8))) {
            lines.lines().filter(line -> line.startsWith("Package: "))
                    .forEach(line -> trixiePackages.add(line.substring("Package: ".length()).strip()));
        }
        assertThat(trixiePackages).as("packages in %s", index).hasSizeGreaterThan(10_000);
    }

    private static String hostArchitecture() {
        List<String> output = new ArrayList<>();
        int status = Spawner.host().run(Command.host("dpkg", "--print-architecture"), output::add);
        assertThat(status).as("dpkg --print-architecture: %s", output).isZero();
        return output.get(0).strip();
    }

    @Test
    void theBasePackagesExist() {
        assertThat(BaseImage.BASE_PACKAGES).filteredOn(name -> !trixiePackages.contains(name))
                .as("packages missing from trixie/main").isEmpty();
    }

    @Test
    void theDefaultImagesPackagesExist() {
        assertThat(BaseImage.BASIC_IMAGE_PACKAGES).filteredOn(name -> !trixiePackages.contains(name))
                .as("packages missing from trixie/main").isEmpty();
    }

    @Test
    void theTemplatesPackagesExist(@TempDir Path work) throws IOException {
        Path conf = Files.writeString(work.resolve("build.conf"), ShellConfig.templateText());

        RealmfsBuild template = new ShellConfig(Spawner.host()).load(conf);

        assertThat(template.allPackages()).filteredOn(name -> !trixiePackages.contains(name))
                .as("packages missing from trixie/main").isEmpty();
    }
}
