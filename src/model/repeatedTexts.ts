/**
 * What a text means, for columns that repeat a few distinct texts over millions of rows (stages,
 * currency codes): resolved once per distinct text, then found by comparing the cell with the
 * texts seen so far. A cell fresh from the parser has no hash yet, so a Map lookup hashes it on
 * every row; comparing it with a handful of known texts is cheaper (they mostly differ in length).
 * Past `shortList` distinct texts a Map takes over, and past `mapLimit` texts are resolved each
 * time, so memory stays bounded whatever the column holds.
 */
export class RepeatedTexts<Meaning> {
  private readonly texts: string[] = [];
  private readonly meanings: Meaning[] = [];
  private readonly more = new Map<string, Meaning>();

  constructor(
    private readonly resolve: (text: string) => Meaning,
    private readonly shortList = 16,
    private readonly mapLimit = 10_000,
  ) {}

  get(text: string): Meaning {
    const texts = this.texts;
    for (let index = 0; index < texts.length; index += 1) {
      if (texts[index] === text) return this.meanings[index] as Meaning;
    }
    let meaning = this.more.get(text);
    if (meaning !== undefined) return meaning;
    meaning = this.resolve(text);
    if (texts.length < this.shortList) {
      texts.push(text);
      this.meanings.push(meaning);
    } else if (this.more.size < this.mapLimit) {
      this.more.set(text, meaning);
    }
    return meaning;
  }
}
