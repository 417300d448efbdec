package dev.pep.bench;

import dev.pep.config.Profile;

/**
 * One row of the bench's matrix: a tool with a profile's producer settings.
 *
 * @param rows records each measured run sends
 */
public record Contender(Tool tool, Profile profile, long rows) {
  /** {@code fast} for our own producer, {@code perf-tool/optimized} for a peer. */
  public String name() {
    return tool == Tool.PEP ? profile.label() : tool.label() + "/" + profile.label();
  }
}
