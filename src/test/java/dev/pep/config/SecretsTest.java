package dev.pep.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretsTest {
  @Test
  void everyPasswordParameterOfAUrlIsHiddenAndNothingElse() {
    assertThat(
            Secrets.hideUrlPassword(
                "jdbc:postgresql://db:5432/test?user=pep&password=s3cr3t&ssl=true"))
        .isEqualTo("jdbc:postgresql://db:5432/test?user=pep&password=[hidden]&ssl=true");
    assertThat(Secrets.hideUrlPassword("jdbc:sqlserver://db;user=pep;PASSWORD=ab;encrypt=true"))
        .isEqualTo("jdbc:sqlserver://db;user=pep;PASSWORD=[hidden];encrypt=true");
    assertThat(Secrets.hideUrlPassword("jdbc:postgresql://db/test?user=pep"))
        .isEqualTo("jdbc:postgresql://db/test?user=pep");
  }

  @Test
  void theSinkAndPepConfigShowAUrlAlike() {
    String url = "jdbc:postgresql://db/test?password=x;y&user=pep";
    assertThat(ResolvedConfig.display("PEP_DB_URL", url))
        .isEqualTo("jdbc:postgresql://db/test?password=[hidden];y&user=pep");
  }
}
