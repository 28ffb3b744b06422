import readline from 'node:readline';

/** Reads a secret from standard input: its first line (asked for on stderr at a terminal). */
export async function readSecretFromStdin(prompt = 'Password: '): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write(prompt);
  const lines = readline.createInterface({ input: process.stdin, terminal: false });
  try {
    for await (const line of lines) return line.trim();
    return '';
  } finally {
    lines.close();
  }
}
