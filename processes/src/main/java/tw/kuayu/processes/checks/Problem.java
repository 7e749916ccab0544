package tw.kuayu.processes.checks;

/**
 * One thing wrong with a model, pointing at the element that has it.
 *
 * @param elementId   the BPMN element's id ({@code definitions} for the file as a whole)
 * @param elementName the element's name as the modeler shows it, or null
 * @param code        a stable machine-readable code, e.g. {@code user-task.candidate-group}
 * @param message     what is wrong and what to do, in zh-TW
 */
public record Problem(String elementId, String elementName, String code, String message) {

    /** The id used for problems of the file itself (not parsable, unsafe XML, no executable process). */
    public static final String FILE = "definitions";

    /** {@code elementId: message}, as the deploy API lists it. */
    @Override
    public String toString() {
        return elementId + ": " + message;
    }
}
