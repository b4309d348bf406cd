import path from 'node:path';
import webpack from 'webpack';

/**
 * Bundles the stand-in Grafana's browser side (host/index.tsx) with the real react, react-dom, @grafana/data,
 * @grafana/ui, @grafana/runtime and @emotion/css from node_modules — the modules Grafana shares with plugins.
 */
export function buildHost(outDir: string): Promise<void> {
  const compiler = webpack({
    mode: 'development',
    devtool: false,
    context: __dirname,
    entry: { host: path.join(__dirname, 'host', 'index.tsx') },
    output: { path: outDir, filename: '[name].js', publicPath: '/host/' },
    resolve: { extensions: ['.tsx', '.ts', '.mjs', '.js'] },
    module: {
      rules: [
        { test: /\.m?js$/, resolve: { fullySpecified: false } },
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: {
            loader: 'swc-loader',
            options: { jsc: { target: 'es2020', parser: { syntax: 'typescript', tsx: true } } },
          },
        },
        { test: /\.css$/, use: ['style-loader', 'css-loader'] },
        { test: /\.(png|jpe?g|gif|svg|woff2?|eot|ttf|otf)$/, type: 'asset/resource' },
      ],
    },
    performance: { hints: false },
    infrastructureLogging: { level: 'error' },
  });
  return new Promise((resolve, reject) =>
    compiler.run((error, stats) => {
      compiler.close(() => undefined);
      if (error || stats?.hasErrors()) {
        reject(error ?? new Error(stats?.toString({ all: false, errors: true })));
      } else {
        resolve();
      }
    })
  );
}
