package org.citadel.realmfs.api;

/** Writes JSON text as it goes, putting the commas between members and elements; JDK only, for the api's reports. */
final class JsonWriter {
    private final StringBuilder text = new StringBuilder();
    private boolean first = true;

    JsonWriter open(char bracket) {
        text.append(bracket);
        first = true;
        return this;
    }

    void close(char bracket) {
        text.append(bracket);
        first = false;
    }

    JsonWriter field(String name) {
        element();
        string(name);
        text.append(':');
        return this;
    }

    JsonWriter element() {
        if (!first) {
            text.append(',');
        }
        first = true; // the value or bracket that follows belongs to this element
        return this;
    }

    void value(long number) {
        text.append(number);
        first = false;
    }

    void value(String string) {
        string(string);
        first = false;
    }

    private void string(String value) {
        text.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> text.append("\\\"");
                case '\\' -> text.append("\\\\");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                case '\t' -> text.append("\\t");
                case '\b' -> text.append("\\b");
                case '\f' -> text.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        text.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        text.append(c);
                    }
                }
            }
        }
        text.append('"');
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
