package tw.kuayu.web;

import java.io.IOException;

/** A request body over {@code kuayu.api.max-json-bytes}; answered with 413. */
public class RequestTooLargeException extends IOException {

    public RequestTooLargeException(long limit) {
        super("請求內容超過上限（" + limit + " 位元組），請精簡後再送出。");
    }
}
