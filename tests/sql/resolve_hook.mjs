// dt-sql-parser ships ES modules that import directories and files without
// their .js extension, which only bundlers resolve. This hook (registered by
// parse_check.mjs) tries "X.js" and "X/index.js" when Node cannot find X.
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    if (!specifier.startsWith('.')) throw error;
    for (const suffix of ['.js', '/index.js']) {
      try {
        return await next(specifier + suffix, context);
      } catch {
        // try the next form
      }
    }
    throw error;
  }
}
