"""The SDMX cross-domain status codes a published cell carries (CL_CONF_STATUS, CL_OBS_STATUS): the
codes disclosure control sets, and what each means, as the extracts and the SDMX structure explain them."""

CONF_FREE, CONF_PRIMARY, CONF_SECONDARY = "F", "C", "D"
OBS_NORMAL, OBS_LOW_RELIABILITY, OBS_CANNOT_EXIST, OBS_SUPPRESSED, OBS_PROVISIONAL = "A", "U", "M", "Q", "P"

CONF_STATUS = {
    CONF_FREE: "Free for publication",
    CONF_PRIMARY: "Confidential statistical information (primary suppression: a count of persons or responses under the threshold)",
    CONF_SECONDARY: "Secondary confidentiality set by the sender (hidden so that a C cell cannot be recovered by subtraction)",
}
OBS_STATUS = {
    OBS_NORMAL: "Normal value",
    OBS_LOW_RELIABILITY: "Low reliability (the denominator counts fewer persons or responses than the reliability threshold)",
    OBS_CANNOT_EXIST: "Missing value; data cannot exist (e.g. a zero denominator)",
    OBS_SUPPRESSED: "Missing value; suppressed",
    OBS_PROVISIONAL: ("Provisional value (the year is not over on the reference date, or a reporter has not "
                      "delivered every month of it; low reliability, if any, is in the low_reliability column)"),
}
