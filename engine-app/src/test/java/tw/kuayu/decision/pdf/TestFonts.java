package tw.kuayu.decision.pdf;

/** One parsed font for the whole test run, as in the application. */
final class TestFonts {

    private static DecisionFont font;

    private TestFonts() {
    }

    static synchronized DecisionFont font() {
        if (font == null) {
            font = DecisionFont.loadDefault();
        }
        return font;
    }
}
