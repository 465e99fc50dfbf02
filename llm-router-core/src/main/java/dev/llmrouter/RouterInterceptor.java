package dev.llmrouter;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.Principal;

/**
 * A step of your own in every call, in the manner of OkHttp's application interceptors: look at or change the
 * request, call {@link Chain#proceed}, look at or change the answer, or throw an
 * {@link dev.llmrouter.api.LlmException} to refuse the call. Interceptors run in the order they were added, after
 * the listener's {@code callStart} and before the built-in steps ({@link Router#pipeline()}), so one may set the
 * call's {@link Principal} from something only the application knows.
 *
 * <pre>{@code
 * Router.builder().interceptor(chain -> chain.proceed(
 *     chain.request().withOptions(chain.request().options().withPrincipal(Principal.tenant("search")))))
 * }</pre>
 * For a streamed call, {@code proceed} returns once the stream has ended, with the whole answer.
 */
@FunctionalInterface
public interface RouterInterceptor {
  ChatResponse intercept(Chain chain);

  /** The call as this interceptor sees it. */
  interface Chain {
    ChatRequest request();

    /** The router's id for this call, as on listener events and in the response's {@code CallInfo}. */
    String callId();

    /** Whether the caller is streaming the answer. */
    boolean streaming();

    /** Runs the rest of the pipeline with {@code request}; once per call. */
    ChatResponse proceed(ChatRequest request);
  }
}
