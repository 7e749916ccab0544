package tw.kuayu.calendar;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Reads the government office calendar, one CSV file per year named {@code YYYY.csv} with lines
 * {@code date,type,name} ({@code type}: {@code holiday} or {@code workday}; {@code #} starts a
 * comment; a {@code date,type,name} header is allowed). The files bundled under
 * {@code classpath:calendar/} are read first; a file of the same year in the administrator's
 * directory replaces the bundled one as a whole. A malformed file stops the start with its name and line.
 */
public final class CalendarFiles {

    private static final Pattern NAME = Pattern.compile("(\\d{4})\\.csv");

    /** Per year, the days that differ from the weekend rule: {@code true} = workday (補班), {@code false} = holiday. */
    public record Years(Map<Integer, Map<LocalDate, Boolean>> days) {
    }

    private CalendarFiles() {
    }

    public static Years load(String directory) {
        Map<Integer, Map<LocalDate, Boolean>> years = new TreeMap<>();
        try {
            for (Resource r : new PathMatchingResourcePatternResolver().getResources("classpath*:calendar/*.csv")) {
                var m = NAME.matcher(r.getFilename() == null ? "" : r.getFilename());
                if (m.matches()) {
                    try (InputStream in = r.getInputStream()) {
                        years.put(Integer.parseInt(m.group(1)), parse(in, Integer.parseInt(m.group(1)), "classpath:calendar/" + r.getFilename()));
                    }
                }
            }
            if (directory != null && !directory.isBlank()) {
                Path dir = Path.of(directory);
                if (!Files.isDirectory(dir)) {
                    throw new IllegalStateException("kuayu.calendar.directory " + dir.toAbsolutePath() + " is not a directory");
                }
                try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*.csv")) {
                    for (Path file : files) {
                        var m = NAME.matcher(file.getFileName().toString());
                        if (m.matches()) {
                            try (InputStream in = Files.newInputStream(file)) {
                                years.put(Integer.parseInt(m.group(1)), parse(in, Integer.parseInt(m.group(1)), file.toString()));
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the holiday calendar: " + e.getMessage(), e);
        }
        return new Years(years);
    }

    static Map<LocalDate, Boolean> parse(InputStream in, int year, String source) throws IOException {
        Map<LocalDate, Boolean> days = new TreeMap<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            String text = line.replace("\uFEFF", "").strip();
            if (text.isEmpty() || text.startsWith("#") || text.startsWith("date,")) {
                continue;
            }
            String[] cells = text.split(",", 3);
            String where = source + " line " + number + ": ";
            if (cells.length < 2) {
                throw new IllegalStateException(where + "expected date,type,name");
            }
            LocalDate date;
            try {
                date = LocalDate.parse(cells[0].strip());
            } catch (DateTimeException e) {
                throw new IllegalStateException(where + "not an ISO date (yyyy-MM-dd): " + cells[0]);
            }
            if (date.getYear() != year) {
                throw new IllegalStateException(where + date + " is not in " + year);
            }
            switch (cells[1].strip()) {
                case "holiday" -> days.put(date, false);
                case "workday" -> days.put(date, true);
                default -> throw new IllegalStateException(where + "type must be holiday or workday, not " + cells[1]);
            }
        }
        return days;
    }
}
