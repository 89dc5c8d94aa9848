// A static server for the examples site: serves the repository root so the page can load the
// built cdn/ bundle. No bare-import resolution, no build step: what an NGO's web host does.
const port = Number(process.env.PORT ?? 8000);
export default {
  rootDir: '../..',
  port,
  appIndex: undefined,
  open: false,
  watch: false,
  nodeResolve: false,
  middleware: [
    (ctx, next) => {
      if (ctx.path === '/') ctx.redirect('/examples/site/');
      return next();
    },
  ],
};
