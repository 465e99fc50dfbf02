package dev.llmrouter.examples.custom;

import dev.llmrouter.api.ChatRequest;
import dev.llmrouter.api.ChatResponse;
import dev.llmrouter.api.ContentBlock;
import dev.llmrouter.api.FinishReason;
import dev.llmrouter.api.Message;
import dev.llmrouter.api.StreamEvent;
import dev.llmrouter.api.StreamListener;
import dev.llmrouter.api.Usage;
import dev.llmrouter.api.spi.Cancellable;
import dev.llmrouter.api.spi.DeploymentSettings;
import dev.llmrouter.api.spi.Provider;
import dev.llmrouter.api.spi.ProviderFactory;
import java.util.List;
import java.util.Locale;

/**
 * A custom provider, found through {@code META-INF/services/dev.llmrouter.api.spi.ProviderFactory} in this
 * module and used for {@code model: shout/<anything>}. It answers with the last user message in capitals.
 */
public final class ShoutingProviderFactory implements ProviderFactory {
  @Override
  public String id() {
    return "shout";
  }

  @Override
  public Provider create(DeploymentSettings settings) {
    return new Provider() {
      @Override
      public ChatResponse chat(ChatRequest request) {
        List<Message> messages = request.messages();
        String text = messages.isEmpty() ? "" : messages.get(messages.size() - 1).text().toUpperCase(Locale.ROOT);
        return new ChatResponse("shout-1", null, null, settings.model(), List.of(new ContentBlock.Text(text)),
            FinishReason.STOP, "stop", Usage.of(text.length(), text.length()), null, null);
      }

      @Override
      public Cancellable stream(ChatRequest request, StreamListener listener) {
        ChatResponse r = chat(request);
        listener.onEvent(new StreamEvent.MessageStart(r.id(), r.providerModel()));
        listener.onEvent(StreamEvent.BlockStart.text(0));
        listener.onEvent(new StreamEvent.TextDelta(0, r.text()));
        listener.onEvent(new StreamEvent.BlockStop(0));
        listener.onEvent(new StreamEvent.MessageDelta(r.finishReason(), r.rawFinishReason(), r.usage()));
        listener.onEvent(new StreamEvent.MessageStop());
        listener.onComplete(r);
        return () -> { };
      }

      @Override
      public void close() {}
    };
  }
}
