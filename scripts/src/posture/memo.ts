/**
 * `compute` remembered by its argument: for pure readings of a name or label that one run asks for again and again
 * (field names and labels repeat across objects; every access check asks for every grant's persona). The cache is
 * dropped whole once it holds `limit` answers, so memory stays bounded whatever the project's size.
 */
export function boundedMemo<T extends object>(limit: number, compute: (s: string) => T): (s: string) => T {
  const cache = new Map<string, T>();
  return (s) => {
    let answer = cache.get(s);
    if (answer === undefined) {
      if (cache.size >= limit) cache.clear();
      cache.set(s, (answer = compute(s)));
    }
    return answer;
  };
}
