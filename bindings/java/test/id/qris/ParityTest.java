package id.qris;

import static org.junit.jupiter.api.Assertions.*;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The README's parity table is true for Java: every name in its Java column is a public
 * class of id.qris ({@code Payload}), a nested one ({@code Render.Paper}) or a public method
 * ({@code Qris.parse}; what follows in parentheses is documentation), and every empty cell
 * says why.
 */
class ParityTest {
    static List<String[]> rows() {
        String readme = Vectors.read("README.md");
        List<String> lines = Arrays.asList(readme.substring(readme.indexOf("### Parity")).split("\n"));
        int start = lines.indexOf("| Capability | Rust | C | Python | JavaScript | Java | CLI |");
        assertTrue(start > 0, "the parity table has a Java column");
        List<String[]> out = new ArrayList<>();
        for (String line : lines.subList(start + 2, lines.size())) {
            if (!line.startsWith("|")) break;
            String[] cells = line.replaceAll("^\\||\\|$", "").split(" \\| ");
            for (int i = 0; i < cells.length; i++) cells[i] = cells[i].trim();
            assertEquals(7, cells.length, line);
            out.add(cells);
        }
        return out;
    }

    @Test
    void everyJavaNameExists() throws Exception {
        List<String[]> rows = rows();
        assertTrue(rows.size() >= 40);
        int checked = 0;
        for (String[] row : rows) {
            String cell = row[5];
            if (cell.startsWith("— ")) {
                assertTrue(cell.substring(2).split("\\s+").length >= 3, row[0] + ": an empty cell needs a reason");
                continue;
            }
            String[] parts = cell.split("`");
            assertTrue(parts.length > 1, row[0] + ": " + cell);
            for (int i = 1; i < parts.length; i += 2) {
                String name = parts[i].replaceAll("\\(.*\\)$", "");
                String[] dotted = name.split("\\.");
                Class<?> c = Class.forName("id.qris." + dotted[0]);
                assertTrue(Modifier.isPublic(c.getModifiers()), row[0] + ": " + name + " is not public");
                for (int k = 1; k < dotted.length; k++) {
                    final String part = dotted[k];
                    Class<?> nested = Arrays.stream(c.getClasses()).filter(n -> n.getSimpleName().equals(part)).findFirst().orElse(null);
                    if (nested != null) {
                        c = nested;
                        continue;
                    }
                    boolean method = false;
                    for (Method m : c.getMethods()) method |= m.getName().equals(part) && Modifier.isPublic(m.getModifiers());
                    assertTrue(method && k == dotted.length - 1, row[0] + ": `" + name + "`: " + c.getSimpleName() + " has no public " + part);
                }
                checked++;
            }
        }
        assertTrue(checked >= 60, checked + " names");
    }
}
