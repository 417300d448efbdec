package dev.pep.csv;

import java.util.List;

/**
 * One CSV record as read, before any typing.
 *
 * @param line the line number where the record starts (the header is line 1)
 * @param fields the fields as written, unquoted
 */
public record RawRecord(long line, List<String> fields) {}
