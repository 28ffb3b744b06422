/**
 * Who is asking and what they may do: passwords, sessions, API tokens and privileges. Knows
 * nothing of HTTP; the server and the CLI both call it.
 */
import type { Repositories } from '../db/repositories/index.js';
import type { User } from '../db/schema.js';
import { DovetailError } from '../errors/dovetail-error.js';
import { boundedText } from '../format/bounded-text.js';
import { textLimits } from '../format/text-limits.js';
import { isPrivilege, type Privilege, privileges } from './privileges.js';
import { hashPassword, randomSecret, sha256, verifyPassword } from './secrets.js';

/** A signed-in user as every shell sees them. */
export interface AuthenticatedUser {
  id: number;
  userName: string;
  firstName: string | null;
  lastName: string | null;
  isAdmin: boolean;
  /** Every privilege the user has; administrators have all. */
  privileges: Privilege[];
}

export const sessionLifetimeMs = 7 * 24 * 60 * 60 * 1000;

// Checked when the user name is unknown, so a wrong name takes as long as a wrong password.
let unknownUserHash: Promise<string> | undefined;

export class AuthService {
  constructor(private readonly repositories: Repositories) {}

  /**
   * Adds a user (`dovetail users add`), held to the bounds the API signs in with: a user name of
   * at most 100 characters (first and last names likewise), none with a NUL character. A longer
   * name could never sign in through the API.
   */
  async addUser(user: {
    userName: string;
    firstName?: string;
    lastName?: string;
    isAdmin?: boolean;
  }): Promise<User> {
    const name = boundedText(textLimits.userName);
    const checks: Array<[string, string | undefined]> = [
      ['user name', user.userName],
      ['first name', user.firstName],
      ['last name', user.lastName],
    ];
    for (const [what, value] of checks) {
      if (value === undefined) continue;
      if (!name.safeParse(value).success || (what === 'user name' && value.trim() === '')) {
        throw new DovetailError(
          'INVALID_ARGUMENT',
          `A ${what} has 1 to ${textLimits.userName} characters and no NUL character; this one has ${value.length}`,
        );
      }
    }
    return this.repositories.users.create(user);
  }

  async setPassword(userName: string, password: string): Promise<void> {
    if (password.length < 8) {
      throw new DovetailError('INVALID_ARGUMENT', 'A password needs at least 8 characters');
    }
    if (!boundedText(textLimits.password).safeParse(password).success) {
      throw new DovetailError(
        'INVALID_ARGUMENT',
        `A password has at most ${textLimits.password} characters and no NUL character (the most a sign-in takes)`,
      );
    }
    const user = await this.requireUser(userName);
    await this.repositories.auth.setPasswordHash(user.id, await hashPassword(password));
  }

  /** The user, when the name and password match; undefined otherwise (which one was wrong is not said). */
  async verifyLogin(userName: string, password: string): Promise<AuthenticatedUser | undefined> {
    const user = await this.repositories.users.findByUserName(userName);
    unknownUserHash ??= hashPassword(randomSecret());
    const stored = user?.password_hash ?? (await unknownUserHash);
    const matches = await verifyPassword(password, stored);
    return user?.password_hash && matches ? this.toAuthenticated(user) : undefined;
  }

  /** Starts a session; the returned id goes to the client and only its hash is stored. */
  async createSession(userId: number, now = new Date()): Promise<{ sessionId: string; expiresAt: Date }> {
    const sessionId = randomSecret();
    const expiresAt = new Date(now.getTime() + sessionLifetimeMs);
    await this.repositories.auth.createSession({ idHash: sha256(sessionId), userId, expiresAt });
    return { sessionId, expiresAt };
  }

  async resolveSession(sessionId: string): Promise<AuthenticatedUser | undefined> {
    const userId = await this.repositories.auth.findSessionUserId(sha256(sessionId));
    return userId === undefined ? undefined : this.findById(userId);
  }

  async deleteSession(sessionId: string): Promise<void> {
    await this.repositories.auth.deleteSession(sha256(sessionId));
  }

  /** Creates an API token for scripts; the token is returned once and only its hash is stored. */
  async createApiToken(userName: string, name: string): Promise<string> {
    if (name.trim() === '') throw new DovetailError('INVALID_ARGUMENT', 'An API token needs a name');
    const user = await this.requireUser(userName);
    const token = `dvt_${randomSecret()}`;
    await this.repositories.auth.createApiToken({
      userId: user.id,
      name: name.trim(),
      tokenHash: sha256(token),
    });
    return token;
  }

  async resolveApiToken(token: string): Promise<AuthenticatedUser | undefined> {
    const userId = await this.repositories.auth.useApiToken(sha256(token));
    return userId === undefined ? undefined : this.findById(userId);
  }

  async grant(userName: string, privilege: string): Promise<void> {
    if (!isPrivilege(privilege)) {
      throw new DovetailError(
        'INVALID_ARGUMENT',
        `Unknown privilege "${privilege}"; use one of: ${privileges.join(', ')}`,
      );
    }
    const user = await this.requireUser(userName);
    await this.repositories.auth.grant(user.id, privilege);
  }

  can(user: AuthenticatedUser, privilege: Privilege): boolean {
    return user.isAdmin || user.privileges.includes(privilege);
  }

  /** Throws NOT_ALLOWED unless the user has the privilege. */
  require(user: AuthenticatedUser, privilege: Privilege): void {
    if (!this.can(user, privilege)) {
      throw new DovetailError('NOT_ALLOWED', `${user.userName} does not have the privilege ${privilege}`);
    }
  }

  private async findById(userId: number): Promise<AuthenticatedUser | undefined> {
    const user = await this.repositories.users.findById(userId);
    return user ? this.toAuthenticated(user) : undefined;
  }

  private async toAuthenticated(user: User): Promise<AuthenticatedUser> {
    const granted = await this.repositories.auth.privilegesOf(user.id);
    return {
      id: user.id,
      userName: user.user_name,
      firstName: user.first_name,
      lastName: user.last_name,
      isAdmin: user.is_admin === 1,
      privileges: user.is_admin === 1 ? [...privileges] : granted.filter(isPrivilege),
    };
  }

  private async requireUser(userName: string): Promise<User> {
    const user = await this.repositories.users.findByUserName(userName);
    if (!user) throw new DovetailError('USER_NOT_FOUND', `There is no user named "${userName}"`);
    return user;
  }
}
