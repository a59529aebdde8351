/** What the user types to confirm deleting their account (shown by the form, checked by the action). */
export const DELETE_CONFIRMATION = "delete my account";
