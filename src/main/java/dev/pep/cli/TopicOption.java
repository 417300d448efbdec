package dev.pep.cli;

import dev.pep.config.Settings;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --topic NAME}: the topic the events go to and come from. */
final class TopicOption implements SettingFlags {
  @Option(names = "--topic", paramLabel = "NAME", description = "Topic (KAFKA_TOPIC).")
  String topic;

  @Override
  public void addTo(Map<String, String> flags) {
    SettingFlags.put(flags, Settings.TOPIC_NAME.name(), topic);
  }
}
