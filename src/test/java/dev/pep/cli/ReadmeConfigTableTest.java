package dev.pep.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The README's configuration table is exactly what {@code pep config --reference} prints. */
class ReadmeConfigTableTest {
  private static final String HEADER = "| Name | Default | Description |";
  private static final String AFTER = "(This table is the output of `./pep config --reference`.)";

  @Test
  void theReadmeTableIsTheOutputOfConfigReference() throws IOException {
    List<String> readme = Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8);
    int start = readme.indexOf(HEADER);
    int end = readme.indexOf(AFTER);
    assertThat(start).as("the table's header line in README.md").isNotNegative();
    assertThat(end).as("the line after the table in README.md").isGreaterThan(start);
    List<String> table = new ArrayList<>(readme.subList(start, end));
    while (!table.isEmpty() && table.get(table.size() - 1).isBlank()) {
      table.remove(table.size() - 1);
    }

    PepCommandLine.Result r = PepCommandLine.execute("config", "--reference");

    assertThat(r.exitCode()).as(r.toString()).isZero();
    assertThat(table)
        .as("README.md's table; regenerate it with ./pep config --reference")
        .containsExactlyElementsOf(r.out().lines().toList());
  }
}
