/**
 * `kat-agent token create`: a join token from the leader, and the whole
 * `kat-agent join` command line that uses it.
 *
 * @module
 */
import { escapeControl, quote } from "../diagnostics/quote.ts";
import { parseDuration } from "../token/duration.ts";
import { TokenError } from "../token/token_error.ts";
import { KATCONFIG_OPTION, withClusterClient } from "./cluster_client.ts";
import { EXIT } from "./command.ts";
import type { CliIo } from "./io.ts";
import { type Command, defineCommand } from "./spec.ts";
import { suggestSimilar } from "./suggest_similar.ts";
import { ArgsError, UsageError } from "./usage_error.ts";

/** What `kat-agent token` can do. */
const ACTIONS = ["create"];

/** Options of {@link tokenCommand}. */
export interface TokenCommandOptions {
  /** How long the request may take, in milliseconds. @default {10000} */
  timeoutMs?: number;
}

/**
 * `kat-agent token create [--ttl DURATION] [--single-use] [--katconfig F]`:
 * asks the leader for a join token and prints the `kat-agent join …` line
 * on standard output, alone; when it expires and whether it can be used once
 * go to standard error.
 *
 * @example
 * ```ts
 * import { tokenCommand } from "./token_command.ts";
 * import { memoryIo } from "./io.ts";
 * console.log(tokenCommand(memoryIo()).name); // "token"
 * ```
 */
export function tokenCommand(
  io: CliIo,
  options: TokenCommandOptions = {},
): Command {
  return defineCommand({
    name: "token",
    description:
      "create: ask the leader for a join token; prints the whole kat-agent join command line that uses it.",
    arguments: [{ name: "action", description: "create" }],
    options: [
      {
        long: "ttl",
        value: "duration",
        description:
          "how long the token is valid: 90s, 30m, 24h, 1h30m (default: the leader's, 24h)",
      },
      {
        long: "single-use",
        description: "the first join uses the token up",
      },
      KATCONFIG_OPTION,
    ],
    action: async ({ args: { action }, options: opts }) => {
      if (!ACTIONS.includes(action)) {
        const error = new ArgsError(
          "unknown-command",
          `unknown command ${quote(`token ${action}`)}: use token create`,
          suggestSimilar(action, ACTIONS),
        );
        error.command = "token";
        throw error;
      }
      let ttlMs: number | undefined;
      if (opts.ttl !== undefined) {
        try {
          ttlMs = parseDuration(opts.ttl);
        } catch (e) {
          if (!(e instanceof TokenError)) throw e;
          throw new UsageError(`--ttl: ${e.message}`);
        }
      }
      return await withClusterClient(io, "kat-agent token create", {
        katconfig: opts.katconfig,
        timeoutMs: options.timeoutMs,
      }, async (client) => {
        const answer = await client.createToken({
          ttlMs,
          singleUse: opts.singleUse || undefined,
        });
        // A line to paste into a shell: nothing in it may drive a terminal.
        if (escapeControl(answer.joinCommand) !== answer.joinCommand) {
          await io.stderr(
            "kat-agent token create: the leader's join command holds control characters\n",
          );
          return EXIT.invalid;
        }
        await io.stdout(`${answer.joinCommand}\n`);
        await io.stderr(
          `kat-agent: the token expires at ${
            escapeControl(answer.expiresAt)
          }; ${
            answer.singleUse
              ? "the first join uses it up"
              : "any number of nodes may join with it until then"
          }\n`,
        );
        return EXIT.ok;
      });
    },
  });
}
