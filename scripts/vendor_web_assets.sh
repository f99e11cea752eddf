#!/usr/bin/env bash
# Rebuild the dashboard's offline assets from the npm registry (run by a maintainer when
# upgrading; the results are committed under src/rasd/serve/static/vendor so that
# `pip install` needs no npm and the page needs no internet).
#   leaflet 1.9.4 (BSD-2-Clause), leaflet.markercluster 1.5.3 (MIT),
#   world-atlas 2.0.2 (ISC; Natural Earth data, public domain), topojson-client 3.1.0 (ISC)
set -euo pipefail
cd "$(dirname "$0")/.."
out=src/rasd/serve/static/vendor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
( cd "$work" && npm pack --silent leaflet@1.9.4 leaflet.markercluster@1.5.3 world-atlas@2.0.2 topojson-client@3.1.0 >/dev/null
  for f in *.tgz; do mkdir -p "${f%.tgz}"; tar xzf "$f" -C "${f%.tgz}"; done )
mkdir -p "$out/leaflet/images"
cp "$work"/leaflet-1.9.4/package/dist/leaflet.js "$work"/leaflet-1.9.4/package/dist/leaflet.css "$out/leaflet/"
cp "$work"/leaflet-1.9.4/package/dist/images/*.png "$out/leaflet/images/"
cp "$work"/leaflet-1.9.4/package/LICENSE "$out/leaflet/LICENSE"
mkdir -p "$out/markercluster"
cp "$work"/leaflet.markercluster-1.5.3/package/dist/{leaflet.markercluster.js,MarkerCluster.css,MarkerCluster.Default.css} "$out/markercluster/"
cp "$work"/leaflet.markercluster-1.5.3/package/MIT-LICENCE.txt "$out/markercluster/LICENSE" 2>/dev/null || true
# Country borders of the Middle East as GeoJSON (Natural Earth 1:50m via world-atlas),
# converted once here with topojson-client so the browser loads a small plain file.
node -e '
const topojson = require(process.argv[1]);
const world = require(process.argv[2]);
const fc = topojson.feature(world, world.objects.countries);
const inBox = f => { const c = JSON.stringify(f.geometry.coordinates).match(/-?\d+(\.\d+)?/g).map(Number);
  for (let i = 0; i < c.length; i += 2) if (c[i] > 24 && c[i] < 56 && c[i+1] > 22 && c[i+1] < 44) return true; return false; };
const round = g => JSON.parse(JSON.stringify(g, (k, v) => typeof v === "number" ? Math.round(v * 1000) / 1000 : v));
fc.features = fc.features.filter(inBox).map(f => ({type: "Feature", properties: {name: f.properties.name}, geometry: round(f.geometry)}));
process.stdout.write(JSON.stringify(fc));
' "$work/topojson-client-3.1.0/package/dist/topojson-client.js" "$work/world-atlas-2.0.2/package/countries-50m.json" > "$out/countries-middle-east.geojson"
cp "$work"/world-atlas-2.0.2/package/LICENSE "$out/world-atlas-LICENSE"
echo "vendored into $out"; du -sh "$out"
