// Downloads: the visible readings as CSV, the chart as SVG or PNG. The SVG
// is a copy of the chart with its computed styles written into each element,
// so that it looks the same outside the page.

const STYLE_PROPERTIES = [
  'fill', 'fill-opacity', 'stroke', 'stroke-width', 'stroke-opacity', 'stroke-dasharray',
  'opacity', 'font-family', 'font-size', 'font-weight', 'text-anchor', 'display', 'shape-rendering',
  'stop-color', 'stop-opacity',
];

// Firefox cancels a download whose object URL is revoked straight after the
// click; a second later the download has the data.
export const REVOKE_AFTER_MS = 1000;

export function download(blob, fileName) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}

// The chart <svg> as standalone SVG text, with a title line and background.
export function svgText(svg, title) {
  const copy = svg.cloneNode(true);
  const originals = [svg, ...svg.querySelectorAll('*')];
  const copies = [copy, ...copy.querySelectorAll('*')];
  originals.forEach((element, i) => {
    const style = getComputedStyle(element);
    const inline = STYLE_PROPERTIES.map((p) => `${p}:${style.getPropertyValue(p)}`).join(';');
    copies[i].setAttribute('style', inline);
  });
  copy.querySelectorAll('.capture, .focus').forEach((element) => element.remove());
  const width = Number(svg.getAttribute('width'));
  const height = Number(svg.getAttribute('height'));
  const headline = 28;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.setAttribute('width', String(width));
  copy.setAttribute('height', String(height + headline));
  copy.setAttribute('viewBox', `0 ${-headline} ${width} ${height + headline}`);
  const ns = 'http://www.w3.org/2000/svg';
  const background = document.createElementNS(ns, 'rect');
  background.setAttribute('x', '0');
  background.setAttribute('y', String(-headline));
  background.setAttribute('width', String(width));
  background.setAttribute('height', String(height + headline));
  background.setAttribute('fill', getComputedStyle(svg.closest('.card') ?? document.body).backgroundColor);
  const text = document.createElementNS(ns, 'text');
  text.setAttribute('x', '12');
  text.setAttribute('y', String(-headline / 2 + 5));
  text.setAttribute('style', `font: 600 14px system-ui, sans-serif; fill: ${getComputedStyle(document.body).color}`);
  text.textContent = title;
  copy.insertBefore(background, copy.firstChild);
  copy.insertBefore(text, background.nextSibling);
  return new XMLSerializer().serializeToString(copy);
}

// The SVG text drawn on a canvas at twice its size, as a PNG blob.
export async function pngBlob(text, width, height) {
  const image = new Image();
  image.src = URL.createObjectURL(new Blob([text], { type: 'image/svg+xml' }));
  try {
    await image.decode();
    const scale = 2;
    const canvas = document.createElement('canvas');
    canvas.width = width * scale;
    canvas.height = height * scale;
    const context = canvas.getContext('2d');
    context.scale(scale, scale);
    context.drawImage(image, 0, 0, width, height);
    const png = await new Promise((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!png) throw new Error('the browser could not draw the chart as a PNG image');
    return png;
  } finally {
    URL.revokeObjectURL(image.src);
  }
}
