// kuroshiro 1.2 and its kuromoji analyzer ship no type declarations; furigana.server.ts types what it uses.
declare module 'kuroshiro'
declare module 'kuroshiro-analyzer-kuromoji'
