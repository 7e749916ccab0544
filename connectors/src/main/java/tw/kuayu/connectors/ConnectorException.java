package tw.kuayu.connectors;

/** A source could not give an answer. The message is zh-TW and safe to show to a caseworker. */
public class ConnectorException extends RuntimeException {

    public enum Kind {
        /** The source answered with a server error or refused the connection. */
        UNAVAILABLE,
        /** The source did not answer in time. */
        TIMEOUT,
        /** The source answered something Kuayu cannot read. */
        BAD_RESPONSE,
        /** The source is outside its opening hours. */
        CLOSED,
        /** The request was refused (e.g. fields beyond the legal basis, bad credentials). Retrying will not help. */
        REFUSED
    }

    private final String source;
    private final Kind kind;

    public ConnectorException(String source, Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.source = source;
        this.kind = kind;
    }

    public ConnectorException(String source, Kind kind, String message) {
        this(source, kind, message, null);
    }

    public String source() {
        return source;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether trying again later may succeed. */
    public boolean retryable() {
        return kind != Kind.REFUSED;
    }
}
