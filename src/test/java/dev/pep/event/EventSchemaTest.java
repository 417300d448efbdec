package dev.pep.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pep.csv.Column;
import dev.pep.event.EventSchema.Field;
import dev.pep.event.EventSchema.SqlColumn;
import dev.pep.event.EventSchema.SqlType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The JSON writer and reader, the CSV column list and the README's event table agree with {@link
 * EventSchema}.
 */
class EventSchemaTest {
  // Jackson's tree model, not the writer's own code, reads what the writer wrote.
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  @Test
  void theWriterPutsEveryFieldOfTheSchemaInItsOrderAndNothingElse() throws Exception {
    JsonNode json = MAPPER.readTree(new EventJson().write(FieldValues.FULL));

    List<String> names = new ArrayList<>();
    json.fieldNames().forEachRemaining(names::add);
    assertThat(names)
        .containsExactlyElementsOf(Arrays.stream(Field.values()).map(Field::json).toList());
  }

  @Test
  void theWriterGivesEachFieldItsValueAsTheJsonKindOfItsSqlType() throws Exception {
    EventJson writer = new EventJson();
    for (PurchaseEvent e : List.of(FieldValues.FULL, FieldValues.WITHOUT_OPTIONALS)) {
      JsonNode json = MAPPER.readTree(writer.write(e));
      for (Field f : Field.values()) {
        assertThat(value(json.get(f.json()), f.sqlColumn().type()))
            .as("%s of %s", f.json(), e.eventId())
            .isEqualTo(FieldValues.of(f, e));
      }
    }
  }

  /** The JSON value as the Java value of its SQL type; null for JSON null. */
  private static Object value(JsonNode node, SqlType type) {
    if (node.isNull()) {
      return null;
    }
    if (type.equals(SqlType.TEXT)) {
      assertThat(node.isTextual()).as("%s is a JSON string", node).isTrue();
      return node.textValue();
    }
    if (type.equals(SqlType.TIMESTAMPTZ)) {
      assertThat(node.isTextual()).as("%s is a JSON string", node).isTrue();
      return OffsetDateTime.parse(node.textValue());
    }
    if (type.equals(SqlType.INTEGER)) {
      assertThat(node.isInt()).as("%s is a JSON integer", node).isTrue();
      return node.intValue();
    }
    if (type.equals(SqlType.BIGINT)) {
      assertThat(node.isIntegralNumber()).as("%s is a JSON integer", node).isTrue();
      return node.longValue();
    }
    if (type.name().equals("numeric")) {
      assertThat(node.isNumber()).as("%s is a JSON number", node).isTrue();
      return node.decimalValue();
    }
    throw new AssertionError("no JSON kind known for the SQL type " + type);
  }

  @Test
  void theReaderTakesAnAbsentFieldAsNullWhereTheSchemaAllowsItAndRefusesItElsewhere()
      throws Exception {
    byte[] full = new EventJson().write(FieldValues.FULL);
    for (Field f : Field.values()) {
      ObjectNode without = (ObjectNode) MAPPER.readTree(full);
      without.remove(f.json());
      byte[] json = MAPPER.writeValueAsBytes(without);
      ObjectNode asNull = ((ObjectNode) MAPPER.readTree(full)).putNull(f.json());
      byte[] jsonNull = MAPPER.writeValueAsBytes(asNull);

      if (f.nullable()) {
        assertThat(FieldValues.of(f, EventJson.read(json))).as(f.json()).isNull();
        assertThat(FieldValues.of(f, EventJson.read(jsonNull))).as(f.json()).isNull();
      } else {
        assertThatThrownBy(() -> EventJson.read(json))
            .as(f.json())
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("field " + f.json() + " is missing");
        assertThatThrownBy(() -> EventJson.read(jsonNull))
            .as(f.json() + ": null")
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("field " + f.json() + " is missing");
      }
    }
  }

  @Test
  void theReaderTakesEachFieldFromItsSchemaName() {
    // Every field differs between the two events: a field read from the wrong name, or not at
    // all, leaves the value of the other event or none.
    for (Field f : Field.values()) {
      assertThat(FieldValues.of(f, FieldValues.FULL))
          .as(f.json())
          .isNotEqualTo(FieldValues.of(f, FieldValues.WITHOUT_OPTIONALS));
    }
    EventJson writer = new EventJson();
    for (PurchaseEvent e : List.of(FieldValues.FULL, FieldValues.WITHOUT_OPTIONALS)) {
      PurchaseEvent read = EventJson.read(writer.write(e));
      for (Field f : Field.values()) {
        assertThat(FieldValues.of(f, read)).as(f.json()).isEqualTo(FieldValues.of(f, e));
      }
    }
  }

  @Test
  void theCsvColumnsAreTheSchemaFieldsReadFromTheFileInTheirOrder() {
    List<Column> fromSchema =
        Arrays.stream(Field.values()).map(Field::csv).filter(Objects::nonNull).toList();

    assertThat(fromSchema).containsExactly(Column.values());
    assertThat(Column.headers())
        .containsExactly(
            "InvoiceNo",
            "StockCode",
            "Description",
            "Quantity",
            "InvoiceDate",
            "UnitPrice",
            "CustomerID",
            "Country");
  }

  @Test
  void theReadmesEventTableListsTheSchemasFieldsInOrderWithTheirNullability() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    String section = readme.substring(readme.indexOf("## Event schema"));
    section = section.substring(0, section.indexOf("\n## ", 1));
    List<String> rows = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^\\| `([a-z_]+)` \\| ([a-z ]+) \\|").matcher(section);
    while (m.find()) {
      rows.add(m.group(1) + (m.group(2).endsWith(" or null") ? " or null" : ""));
    }

    assertThat(rows)
        .containsExactlyElementsOf(
            Arrays.stream(Field.values())
                .map(f -> f.json() + (f.nullable() ? " or null" : ""))
                .toList());
  }

  @Test
  void theStoredColumnsAreTheFieldsThenTheKafkaPosition() {
    List<String> names = EventSchema.STORED_COLUMNS.stream().map(SqlColumn::name).toList();

    assertThat(names)
        .containsExactly(
            "event_id",
            "invoice_no",
            "stock_code",
            "description",
            "quantity",
            "invoice_date",
            "unit_price",
            "customer_id",
            "country",
            "source_file",
            "source_line",
            "kafka_partition",
            "kafka_offset");
    assertThat(EventSchema.STORED_COLUMN_LIST).isEqualTo(String.join(", ", names));
    assertThat(Field.UNIT_PRICE.sqlColumn().type()).hasToString("numeric(12,3)");
  }
}
