#ifndef PDTSIM_CGSL_SHIM_H
#define PDTSIM_CGSL_SHIM_H

/* The whole of GSL that pdtsim uses, and accessors for what Swift 6 cannot import directly. */

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_integration.h>
#include <gsl/gsl_interp.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_odeiv2.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sort_double.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_version.h>

/* GSL's stepper types are mutable globals (`const gsl_odeiv2_step_type *gsl_odeiv2_step_msbdf`),
   which Swift 6's strict concurrency rejects; each is reached through a function instead. */
static inline const gsl_odeiv2_step_type *pdt_step_rk2(void) { return gsl_odeiv2_step_rk2; }
static inline const gsl_odeiv2_step_type *pdt_step_rk4(void) { return gsl_odeiv2_step_rk4; }
static inline const gsl_odeiv2_step_type *pdt_step_rkf45(void) { return gsl_odeiv2_step_rkf45; }
static inline const gsl_odeiv2_step_type *pdt_step_rkck(void) { return gsl_odeiv2_step_rkck; }
static inline const gsl_odeiv2_step_type *pdt_step_rk8pd(void) { return gsl_odeiv2_step_rk8pd; }
static inline const gsl_odeiv2_step_type *pdt_step_rk1imp(void) { return gsl_odeiv2_step_rk1imp; }
static inline const gsl_odeiv2_step_type *pdt_step_rk2imp(void) { return gsl_odeiv2_step_rk2imp; }
static inline const gsl_odeiv2_step_type *pdt_step_rk4imp(void) { return gsl_odeiv2_step_rk4imp; }
static inline const gsl_odeiv2_step_type *pdt_step_bsimp(void) { return gsl_odeiv2_step_bsimp; }
static inline const gsl_odeiv2_step_type *pdt_step_msadams(void) { return gsl_odeiv2_step_msadams; }
static inline const gsl_odeiv2_step_type *pdt_step_msbdf(void) { return gsl_odeiv2_step_msbdf; }

/* Nonlinear least squares: the trust-region driver type and its sub-problem methods, globals too. */
static inline const gsl_multifit_nlinear_type *pdt_multifit_nlinear_trust(void) { return gsl_multifit_nlinear_trust; }
static inline const gsl_multifit_nlinear_trs *pdt_multifit_nlinear_trs_lm(void) { return gsl_multifit_nlinear_trs_lm; }
static inline const gsl_multifit_nlinear_trs *pdt_multifit_nlinear_trs_lmaccel(void) {
    return gsl_multifit_nlinear_trs_lmaccel;
}
static inline const gsl_multifit_nlinear_trs *pdt_multifit_nlinear_trs_dogleg(void) {
    return gsl_multifit_nlinear_trs_dogleg;
}
static inline const gsl_multifit_nlinear_trs *pdt_multifit_nlinear_trs_ddogleg(void) {
    return gsl_multifit_nlinear_trs_ddogleg;
}
static inline const gsl_multifit_nlinear_trs *pdt_multifit_nlinear_trs_subspace2D(void) {
    return gsl_multifit_nlinear_trs_subspace2D;
}

/* Random and quasi-random generator types. */
static inline const gsl_rng_type *pdt_rng_mt19937(void) { return gsl_rng_mt19937; }
static inline const gsl_qrng_type *pdt_qrng_sobol(void) { return gsl_qrng_sobol; }

/* One-dimensional interpolation types, globals too. */
static inline const gsl_interp_type *pdt_interp_cspline(void) { return gsl_interp_cspline; }
static inline const gsl_interp_type *pdt_interp_steffen(void) { return gsl_interp_steffen; }

/* The library's version string (`gsl_version`), also a global. */
static inline const char *pdt_gsl_version(void) { return gsl_version; }

/* Multidimensional minimisation (pdtsim optimize): the minimiser type is a global too. */
static inline const gsl_multimin_fminimizer_type *pdt_multimin_nmsimplex2(void) {
    return gsl_multimin_fminimizer_nmsimplex2;
}

#endif
