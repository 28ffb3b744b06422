/** Who acts on contacts and teams: the signed-in user of the API, or the CLI's --user. */
export interface Actor {
  id: number;
  userName: string;
  isAdmin: boolean;
}
