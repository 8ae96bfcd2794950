/** ECR login, repositories, cross-region/account image copy without Docker. */
package dev.awskit.ecr;
