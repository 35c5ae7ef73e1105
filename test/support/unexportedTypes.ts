/**
 * The types a library user meets but cannot name: every interface, type alias, class or enum of
 * the package that a public declaration refers to, directly or through another such type, and
 * that the entry does not export. Read with the TypeScript compiler from the built declarations
 * (dist/index.d.ts), as a user's editor reads them.
 */
import { dirname, relative, sep } from 'node:path';
import ts from 'typescript';

/**
 * `Name (path/of/its/file.d.ts)` for each type reached but not exported, sorted. `program`: one
 * already made that holds `entry` (a consumer's, checked for errors too), else one is made.
 */
export function unexportedTypes(entry: string, given?: ts.Program): string[] {
  const program = given ?? ts.createProgram([entry], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, noEmit: true, types: [] });
  const checker = program.getTypeChecker();
  const entryFile = program.getSourceFile(entry);
  const moduleSymbol = entryFile === undefined ? undefined : checker.getSymbolAtLocation(entryFile);
  if (moduleSymbol === undefined) throw new Error(`no module at ${entry}`);
  const packageDir = dirname(entry);
  // Only the package's own declarations: TypeScript's lib and the dependencies' types are theirs to name.
  const isOurs = (declaration: ts.Declaration): boolean => {
    const path = relative(packageDir, declaration.getSourceFile().fileName);
    return !path.startsWith('..') && !path.split(sep).includes('node_modules');
  };
  const resolved = (symbol: ts.Symbol): ts.Symbol => (symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol);

  const exported = new Set(checker.getExportsOfModule(moduleSymbol).map(resolved));
  const seen = new Set<ts.Symbol>();
  const missing = new Map<string, string>();
  const queue: ts.Symbol[] = [...exported];

  const visitType = (symbol: ts.Symbol | undefined): void => {
    if (symbol === undefined) return;
    const target = resolved(symbol);
    const isType = (target.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias | ts.SymbolFlags.Class | ts.SymbolFlags.Enum)) !== 0;
    const declarations = (target.declarations ?? []).filter(isOurs);
    if (!isType || declarations.length === 0 || seen.has(target)) return;
    if (!exported.has(target)) {
      const file = relative(packageDir, (declarations[0] as ts.Declaration).getSourceFile().fileName).split(sep).join('/');
      missing.set(`${target.name} (${file})`, target.name);
    }
    queue.push(target);
  };

  // Every type a declaration names: references, `import("...").Name`, and `extends` clauses.
  const walk = (node: ts.Node): void => {
    if (ts.isTypeReferenceNode(node)) visitType(checker.getSymbolAtLocation(node.typeName));
    else if (ts.isImportTypeNode(node) && node.qualifier !== undefined) visitType(checker.getSymbolAtLocation(ts.isQualifiedName(node.qualifier) ? node.qualifier.right : node.qualifier));
    else if (ts.isExpressionWithTypeArguments(node)) visitType(checker.getSymbolAtLocation(node.expression));
    ts.forEachChild(node, walk);
  };

  while (queue.length > 0) {
    const symbol = queue.pop() as ts.Symbol;
    if (seen.has(symbol)) continue;
    seen.add(symbol);
    for (const declaration of (symbol.declarations ?? []).filter(isOurs)) {
      // Private class members are not part of what a user calls.
      if (ts.isClassDeclaration(declaration)) {
        for (const member of declaration.members) if (!(ts.getCombinedModifierFlags(member) & ts.ModifierFlags.Private)) walk(member);
        declaration.heritageClauses?.forEach(walk);
        declaration.typeParameters?.forEach(walk);
      } else {
        walk(declaration);
      }
    }
  }
  return [...missing.keys()].sort();
}
