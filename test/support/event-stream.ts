export interface ServerSentEvent {
  event: string | undefined;
  id: string | undefined;
  data: string;
}

/** Reads Server-Sent Events off a fetch body: next() resolves with the next event (not comments). */
export function eventReader(body: ReadableStream<Uint8Array>) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let comments = 0;
  return {
    get comments() {
      return comments;
    },
    async next(): Promise<ServerSentEvent> {
      for (;;) {
        const end = buffer.indexOf('\n\n');
        if (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields = block.split('\n').filter((line) => !line.startsWith(':'));
          if (fields.length === 0) {
            comments += 1;
            continue;
          }
          const field = (name: string) =>
            fields.filter((line) => line.startsWith(`${name}: `)).map((line) => line.slice(name.length + 2));
          return { event: field('event')[0], id: field('id')[0], data: field('data').join('\n') };
        }
        const { value, done } = await reader.read();
        if (done) throw new Error('the event stream ended');
        buffer += value;
      }
    },
  };
}
