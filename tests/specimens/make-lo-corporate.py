#!/usr/bin/env python3
"""Makes tests/specimens/lo-corporate.pptx: a company design saved by LibreOffice.

LibreOffice's own "Blue Curve" template (share/template/common/presnt/Blue_Curve.otp,
part of LibreOffice, MPL-2.0) given a company's marks in Impress's master pages:
the shop's logo on the title design and on the content design's top band, the
company name on the title design, and Chinese fonts in the text styles. Impress
then converts it to .pptx itself (`soffice --headless --convert-to pptx`), so the
file is exactly what LibreOffice writes (it keeps its known defects, such as two
shapes of a master with one id).

    python3 tests/specimens/make-lo-corporate.py   # needs soffice and Pillow

The result is committed; this script says how it was made.
"""
import io
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

from PIL import Image, ImageDraw

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OTP = "/usr/lib/libreoffice/share/template/common/presnt/Blue_Curve.otp"
LOGO = os.path.join(ROOT, "decks", "assets", "logo.png")
OUT = os.path.join(ROOT, "tests", "specimens", "lo-corporate.pptx")
COMPANY = "沐岚女装旗舰店 · 客户服务部"
CJK = "Noto Sans CJK SC"


def round_logo():
    """The logo with its white corners made transparent (it sits on a blue band)."""
    im = Image.open(LOGO).convert("RGBA").resize((240, 240), Image.LANCZOS)
    mask = Image.new("L", im.size, 0)
    ImageDraw.Draw(mask).ellipse((2, 2, 237, 237), fill=255)
    im.putalpha(mask)
    buf = io.BytesIO()
    im.save(buf, "PNG")
    return buf.getvalue()


def image(x, y, size):
    return (
        f'<draw:frame draw:layer="backgroundobjects" svg:width="{size}cm" svg:height="{size}cm" '
        f'svg:x="{x}cm" svg:y="{y}cm"><draw:image xlink:href="Pictures/logo.png" xlink:type="simple" '
        'xlink:show="embed" xlink:actuate="onLoad"><text:p/></draw:image></draw:frame>'
    )


def company_text(x, y):
    return (
        f'<draw:frame draw:style-name="CorpText" draw:layer="backgroundobjects" svg:width="16cm" svg:height="1.2cm" '
        f'svg:x="{x}cm" svg:y="{y}cm"><draw:text-box><text:p text:style-name="CorpPara">'
        f'<text:span text:style-name="CorpSpan">{COMPANY}</text:span></text:p></draw:text-box></draw:frame>'
    )


def main():
    work = tempfile.mkdtemp(prefix="lo-corporate-")
    src = zipfile.ZipFile(OTP)
    files = {n: src.read(n) for n in src.namelist()}
    styles = files["styles.xml"].decode("utf-8")

    # Chinese fonts for every text style, and the company's own text styles.
    styles = styles.replace(
        "<office:font-face-decls>",
        f'<office:font-face-decls><style:font-face style:name="{CJK}" svg:font-family="\'{CJK}\'" '
        'style:font-family-generic="swiss" style:font-pitch="variable"/>',
        1,
    )
    styles = styles.replace('style:font-name="Liberation Sans"', f'style:font-name="Liberation Sans" style:font-name-asian="{CJK}"')
    auto = (
        '<style:style style:name="CorpText" style:family="graphic"><style:graphic-properties draw:stroke="none" '
        'draw:fill="none" draw:textarea-vertical-align="middle"/></style:style>'
        '<style:style style:name="CorpPara" style:family="paragraph"><style:paragraph-properties fo:text-align="start"/></style:style>'
        f'<style:style style:name="CorpSpan" style:family="text"><style:text-properties fo:color="#1f497d" '
        f'fo:font-size="16pt" fo:font-weight="bold" style:font-name-asian="{CJK}" style:font-size-asian="16pt" '
        'style:font-weight-asian="bold"/></style:style>'
    )
    styles = styles.replace("<office:automatic-styles>", "<office:automatic-styles>" + auto, 1)

    # The title design: the logo and the company name top left.
    title_page = 'style:display-name="Blue_Curve" style:page-layout-name="PM1" draw:style-name="Mdp1">'
    assert title_page in styles
    styles = styles.replace(title_page, title_page + image(1.2, 1.0, 2.2) + company_text(3.8, 1.5), 1)
    # The content design: a small logo on the right of the top band.
    content_page = 'style:display-name="Blue_Curve1" style:page-layout-name="PM1" draw:style-name="Mdp1">'
    assert content_page in styles
    i = styles.index(content_page) + len(content_page)
    j = styles.index("</style:master-page>", i)
    styles = styles[:j] + image(26.4, 0.25, 1.5) + styles[j:]
    files["styles.xml"] = styles.encode("utf-8")

    files["Pictures/logo.png"] = round_logo()
    manifest = files["META-INF/manifest.xml"].decode("utf-8")
    manifest = manifest.replace(
        "</manifest:manifest>",
        '<manifest:file-entry manifest:full-path="Pictures/logo.png" manifest:media-type="image/png"/></manifest:manifest>',
    )
    files["META-INF/manifest.xml"] = manifest.encode("utf-8")

    otp = os.path.join(work, "lo-corporate.otp")
    with zipfile.ZipFile(otp, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), files.pop("mimetype"), compress_type=zipfile.ZIP_STORED)
        for n, d in files.items():
            z.writestr(n, d, compress_type=zipfile.ZIP_DEFLATED)
    profile = "file://" + os.path.join(work, "profile")
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation={profile}", "--convert-to",
         "pptx:Impress MS PowerPoint 2007 XML", "--outdir", work, otp],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    shutil.copy(os.path.join(work, "lo-corporate.pptx"), OUT)
    shutil.rmtree(work, ignore_errors=True)
    print("wrote", OUT)


if __name__ == "__main__":
    sys.exit(main())
