/* consistent-color.c — the same colour for the same name everywhere (XEP-0392)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A contact's initials avatar and a room occupant's nickname get the
 * colour every XEP-0392 client gives them: a hue from the name's SHA-1,
 * turned into RGB through HSLuv at saturation 100 and lightness 50 (so
 * all names are equally readable). The HSLuv maths is the published
 * CIELUV-based definition, written out here.
 */
#include "config.h"

#include "core/consistent-color.h"

#include <math.h>

#define REF_U 0.19783000664283
#define REF_V 0.46831999493879
#define KAPPA 903.2962962
#define EPSILON 0.0088564516

/* XYZ → linear sRGB (D65). */
static const double M[3][3] = {
  {  3.240969941904521, -1.537383177570093, -0.498610760293    },
  { -0.96924363628087,   1.87596750150772,   0.041555057407175 },
  {  0.055630079696993, -0.20397695888897,   1.056971514242878 },
};

double
schnack_consistent_color_angle (const char *text)
{
  guint8 digest[20];
  gsize length = sizeof digest;
  g_autoptr(GChecksum) checksum = g_checksum_new (G_CHECKSUM_SHA1);
  guint value;

  g_return_val_if_fail (text != NULL, 0);

  g_checksum_update (checksum, (const guchar *) text, -1);
  g_checksum_get_digest (checksum, digest, &length);
  /* The first two bytes, little endian. */
  value = digest[0] | (digest[1] << 8);
  return value / 65536.0 * 360.0;
}

/* The largest chroma at this lightness and hue that stays inside sRGB:
 * the nearest of the six gamut boundary lines along the hue's ray. */
static double
max_chroma (double lightness,
            double hue_degrees)
{
  double hue = hue_degrees / 360.0 * 2 * G_PI;
  double sub1 = pow (lightness + 16, 3) / 1560896.0;
  double sub2 = sub1 > EPSILON ? sub1 : lightness / KAPPA;
  double shortest = G_MAXDOUBLE;

  for (guint row = 0; row < 3; row++)
    for (guint t = 0; t < 2; t++)
      {
        double m1 = M[row][0], m2 = M[row][1], m3 = M[row][2];
        double top1 = (284517 * m1 - 94839 * m3) * sub2;
        double top2 = (838422 * m3 + 769860 * m2 + 731718 * m1) * lightness * sub2 - 769860 * t * lightness;
        double bottom = (632260 * m3 - 126452 * m2) * sub2 + 126452 * t;
        double slope = top1 / bottom;
        double intercept = top2 / bottom;
        double length = intercept / (sin (hue) - slope * cos (hue));

        if (length >= 0)
          shortest = MIN (shortest, length);
      }
  return shortest;
}

static double
from_linear (double channel)
{
  if (channel <= 0.0031308)
    return 12.92 * channel;
  return 1.055 * pow (channel, 1 / 2.4) - 0.055;
}

static void
hsluv_to_rgb (double  hue,
              double  saturation,
              double  lightness,
              double *red,
              double *green,
              double *blue)
{
  double chroma = max_chroma (lightness, hue) / 100.0 * saturation;
  double hue_rad = hue / 360.0 * 2 * G_PI;
  double u = cos (hue_rad) * chroma;
  double v = sin (hue_rad) * chroma;
  double y = lightness <= 8 ? lightness / KAPPA : pow ((lightness + 16) / 116.0, 3);
  double var_u = u / (13 * lightness) + REF_U;
  double var_v = v / (13 * lightness) + REF_V;
  double x = -(9 * y * var_u) / ((var_u - 4) * var_v - var_u * var_v);
  double z = (9 * y - 15 * var_v * y - var_v * x) / (3 * var_v);
  double xyz[3] = { x, y, z };
  double *out[3] = { red, green, blue };

  for (guint row = 0; row < 3; row++)
    {
      double linear = M[row][0] * xyz[0] + M[row][1] * xyz[1] + M[row][2] * xyz[2];

      *out[row] = CLAMP (from_linear (linear), 0.0, 1.0);
    }
}

/**
 * schnack_consistent_color_rgb:
 * @text: a bare JID or nickname, as it would be compared
 *
 * Gives @text's colour, each channel from 0 to 1.
 */
void
schnack_consistent_color_rgb (const char *text,
                              double     *red,
                              double     *green,
                              double     *blue)
{
  g_return_if_fail (text != NULL);

  hsluv_to_rgb (schnack_consistent_color_angle (text), 100, 50, red, green, blue);
}
