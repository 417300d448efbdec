package dev.pep.cli;

import dev.pep.config.Settings;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The layout of the CSV files a command reads: separator, encoding, dates, zone, column names. For
 * {@code watch}, which reads the files of a directory, without {@code --file}.
 */
class LayoutOptions implements SettingFlags {
  @Option(
      names = "--separator",
      paramLabel = "SEP",
      description = "Field separator: ',', ';', tab, '|' or auto (CSV_SEPARATOR).")
  String separator;

  @Option(
      names = "--encoding",
      paramLabel = "CHARSET",
      description = "Encoding of the CSV file, e.g. UTF-8, ISO-8859-1, or auto (CSV_ENCODING).")
  String encoding;

  @Option(
      names = "--date-format",
      paramLabel = "PATTERN",
      description =
          "java.time pattern of InvoiceDate, e.g. 'dd/MM/yyyy HH:mm', or auto"
              + " (CSV_DATE_FORMAT).")
  String dateFormat;

  @Option(
      names = "--zone",
      paramLabel = "ZONE",
      description = "Time zone of InvoiceDate, e.g. Europe/London (PEP_ZONE).")
  String zone;

  @Option(
      names = "--columns",
      paramLabel = "COLUMN=HEADER,...",
      description =
          "Header names of columns pep does not know, e.g. InvoiceNo=Invoice (CSV_COLUMNS).")
  String columns;

  @Override
  public void addTo(Map<String, String> flags) {
    SettingFlags.put(flags, Settings.CSV_SEPARATOR.name(), separator);
    SettingFlags.put(flags, Settings.CSV_ENCODING.name(), encoding);
    SettingFlags.put(flags, Settings.CSV_DATE_FORMAT.name(), dateFormat);
    SettingFlags.put(flags, Settings.ZONE.name(), zone);
    SettingFlags.put(flags, Settings.CSV_COLUMNS.name(), columns);
  }
}
