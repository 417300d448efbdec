package dev.pep.config;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test helper: finds every place Java source makes a Kafka client ({@code new KafkaProducer},
 * {@code new KafkaConsumer}, {@code Admin.create}, {@code AdminClient.create}) and checks that the
 * client's properties, its first argument, come from a {@code KafkaClients} call: {@code
 * kafka.producer(...)}, {@code .consumer(...)} or {@code .admin(...)} on a {@code KafkaClients} (a
 * name declared with that type, or a {@code KafkaClients.xxx(...)} call), in the argument itself or
 * in what it names: a local variable (every assignment to it in the enclosing blocks), a method of
 * the same class or a static method {@code Type.method(...)} of another (every {@code return}).
 * Comments and string literals are ignored, so a file that only mentions the name does not pass.
 */
final class ClientConstructions {
  private static final Pattern CONSTRUCTION =
      Pattern.compile(
          "new\\s+(KafkaProducer|KafkaConsumer)\\s*<[^>]*>\\s*\\(|\\b(Admin|AdminClient)\\s*\\.\\s*create\\s*\\(");
  private static final Pattern CLIENTS_RECEIVER =
      Pattern.compile("(\\w+)\\s*\\.\\s*(producer|consumer|admin)\\s*\\(");
  private static final Pattern CLIENTS_CHAIN =
      Pattern.compile(
          "KafkaClients\\s*\\.\\s*\\w+\\s*\\(.*\\)\\s*\\.\\s*(producer|consumer|admin)\\s*\\(",
          Pattern.DOTALL);
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_]\\w*");
  private static final Pattern LOCAL_CALL =
      Pattern.compile("([a-z]\\w*)\\s*\\((.*)\\)", Pattern.DOTALL);
  private static final Pattern STATIC_CALL =
      Pattern.compile("([A-Z]\\w*)\\s*\\.\\s*(\\w+)\\s*\\((.*)\\)", Pattern.DOTALL);
  private static final int MAX_DEPTH = 4;

  /** Source by class name (the file name without {@code .java}), comments and strings blanked. */
  private final Map<String, String> sources;

  /** The sources as written, for messages (blanking keeps every offset). */
  private final Map<String, String> originals;

  private int found;

  /** {@code sources}: each class's source, by the simple name of its file. */
  ClientConstructions(Map<String, String> sources) {
    this.sources = new java.util.HashMap<>();
    this.originals = Map.copyOf(sources);
    sources.forEach((name, text) -> this.sources.put(name, blankCommentsAndStrings(text)));
  }

  /** One line per client whose properties do not come from KafkaClients; empty when all do. */
  List<String> problems() {
    List<String> problems = new ArrayList<>();
    found = 0;
    for (Map.Entry<String, String> e : new java.util.TreeMap<>(sources).entrySet()) {
      String src = e.getValue();
      Matcher m = CONSTRUCTION.matcher(src);
      while (m.find()) {
        found++;
        String argument = firstArgument(src, m.end());
        if (!fromKafkaClients(e.getKey(), src, argument, m.start(), MAX_DEPTH)) {
          String written =
              originals.get(e.getKey()).substring(m.end(), m.end() + argument.length());
          problems.add(
              e.getKey()
                  + " line "
                  + line(src, m.start())
                  + ": "
                  + m.group().replaceAll("\\s+", " ")
                  + written.trim()
                  + ", ...) does not take its properties from KafkaClients");
        }
      }
    }
    return problems;
  }

  /** How many client constructions the last {@link #problems()} looked at. */
  int found() {
    return found;
  }

  private boolean fromKafkaClients(String cls, String src, String expr, int at, int depth) {
    expr = expr.trim();
    if (depth == 0 || expr.isEmpty()) {
      return false;
    }
    if (CLIENTS_CHAIN.matcher(expr).find()) {
      return true;
    }
    Matcher r = CLIENTS_RECEIVER.matcher(expr);
    while (r.find()) {
      if (Pattern.compile("\\bKafkaClients\\s+" + r.group(1) + "\\b").matcher(src).find()) {
        return true;
      }
    }
    if (IDENTIFIER.matcher(expr).matches()) {
      List<String> assigned = assignments(src, expr, at);
      return !assigned.isEmpty()
          && assigned.stream().allMatch(a -> fromKafkaClients(cls, src, a, at, depth - 1));
    }
    Matcher local = LOCAL_CALL.matcher(expr);
    if (local.matches()) {
      return returnsFromKafkaClients(cls, src, local.group(1), depth);
    }
    Matcher call = STATIC_CALL.matcher(expr);
    if (call.matches() && sources.containsKey(call.group(1))) {
      return returnsFromKafkaClients(
          call.group(1), sources.get(call.group(1)), call.group(2), depth);
    }
    return false;
  }

  /**
   * True when {@code method} is declared in {@code src} and its every return is from KafkaClients.
   */
  private boolean returnsFromKafkaClients(String cls, String src, String method, int depth) {
    Matcher decl =
        Pattern.compile("\\b" + method + "\\s*\\([^;{)]*\\)\\s*(throws[^{;]+)?\\{").matcher(src);
    if (!decl.find()) {
      return false;
    }
    int open = decl.end() - 1;
    int close = matching(src, open);
    String body = src.substring(open, close);
    Matcher ret = Pattern.compile("\\breturn\\s+([^;]+);").matcher(body);
    boolean any = false;
    while (ret.find()) {
      any = true;
      if (!fromKafkaClients(cls, src, ret.group(1), open + ret.start(), depth - 1)) {
        return false;
      }
    }
    return any;
  }

  /**
   * What is assigned to the local {@code name}: every {@code name = ...;} (declaration or not) in
   * the innermost enclosing block of {@code at} that has any.
   */
  private static List<String> assignments(String src, String name, int at) {
    Pattern assign = Pattern.compile("(?<![.\\w])" + name + "\\s*=(?!=)");
    for (int open : enclosingBlocks(src, at)) {
      String block = src.substring(open, matching(src, open));
      List<String> values = new ArrayList<>();
      Matcher m = assign.matcher(block);
      while (m.find()) {
        values.add(statementRest(block, m.end()));
      }
      if (!values.isEmpty()) {
        return values;
      }
    }
    return List.of();
  }

  /** Positions of the '{' of the blocks around {@code at}, innermost first. */
  private static List<Integer> enclosingBlocks(String src, int at) {
    Deque<Integer> open = new ArrayDeque<>();
    for (int i = 0; i < at; i++) {
      char c = src.charAt(i);
      if (c == '{') {
        open.push(i);
      } else if (c == '}') {
        open.pop();
      }
    }
    return new ArrayList<>(open);
  }

  private static int matching(String src, int open) {
    int depth = 0;
    for (int i = open; i < src.length(); i++) {
      char c = src.charAt(i);
      if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return i;
      }
    }
    return src.length();
  }

  /** The text from {@code from} to the statement's ';' at the same nesting level. */
  private static String statementRest(String src, int from) {
    int depth = 0;
    for (int i = from; i < src.length(); i++) {
      char c = src.charAt(i);
      if (c == '(' || c == '{' || c == '[') {
        depth++;
      } else if (c == ')' || c == '}' || c == ']') {
        depth--;
      } else if (c == ';' && depth == 0) {
        return src.substring(from, i);
      }
    }
    return src.substring(from);
  }

  /** The call's first argument: the text after its '(' up to a ',' or ')' at the same level. */
  private static String firstArgument(String src, int afterParen) {
    int depth = 0;
    for (int i = afterParen; i < src.length(); i++) {
      char c = src.charAt(i);
      if (c == '(' || c == '{' || c == '[') {
        depth++;
      } else if (c == ')' || c == '}' || c == ']') {
        if (depth == 0) {
          return src.substring(afterParen, i);
        }
        depth--;
      } else if (c == ',' && depth == 0) {
        return src.substring(afterParen, i);
      }
    }
    return src.substring(afterParen);
  }

  private static int line(String src, int at) {
    return (int) src.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
  }

  /**
   * {@code src} with comments and the insides of string and char literals replaced by spaces (line
   * breaks kept), so that neither a mention of a name nor a brace in a string counts.
   */
  static String blankCommentsAndStrings(String src) {
    StringBuilder b = new StringBuilder(src);
    int i = 0;
    while (i < b.length()) {
      char c = b.charAt(i);
      if (c == '/' && i + 1 < b.length() && b.charAt(i + 1) == '/') {
        while (i < b.length() && b.charAt(i) != '\n') {
          b.setCharAt(i++, ' ');
        }
      } else if (c == '/' && i + 1 < b.length() && b.charAt(i + 1) == '*') {
        int end = b.indexOf("*/", i + 2);
        end = end < 0 ? b.length() : end + 2;
        for (; i < end; i++) {
          if (b.charAt(i) != '\n') {
            b.setCharAt(i, ' ');
          }
        }
      } else if (c == '"' && b.indexOf("\"\"\"", i) == i) {
        int end = b.indexOf("\"\"\"", i + 3);
        end = end < 0 ? b.length() : end;
        for (i += 3; i < end; i++) {
          if (b.charAt(i) != '\n') {
            b.setCharAt(i, ' ');
          }
        }
        i += 3;
      } else if (c == '"' || c == '\'') {
        i++;
        while (i < b.length() && b.charAt(i) != c && b.charAt(i) != '\n') {
          if (b.charAt(i) == '\\' && i + 1 < b.length()) {
            b.setCharAt(i++, ' ');
          }
          b.setCharAt(i++, ' ');
        }
        i++;
      } else {
        i++;
      }
    }
    return b.toString();
  }
}
